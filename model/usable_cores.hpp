// How many threads a parallel step of this process should use: the cores it
// may run on.
#pragma once

namespace interpsim {

// The CPUs in this process's affinity mask (taskset, a Slurm job's binding,
// a container's cpuset), where the system reports one; otherwise
// std::thread::hardware_concurrency(). At least 1.
unsigned usable_cores();

}  // namespace interpsim
