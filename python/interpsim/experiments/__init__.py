"""The paper's accuracy experiments, in kind (issue 14): interpsim.experiments.vit."""
