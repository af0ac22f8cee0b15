// The one-cycle table-port responder of the Icarus lane testbenches, included
// inside the module (iverilog -grelative-include): while tb_run is 1 it
// registers a granted request's row at the rising edge; table_port_drive(),
// called at the falling edge, denies the grant at random (one in five) and
// drives rows[] of the row granted in the last cycle, TableJunk otherwise, so
// a lane that uses stale or ungranted read data shows as a mismatch.
// The including module declares clk, tb_run, tbl_req, tbl_idx, tbl_gnt,
// tbl_rdata, rows[] and TableJunk (a value of tbl_rdata's width).
// read_row is a 4-state integer (tbl_idx zero-extended, an unknown bit kept
// unknown): declared as logic [$bits(tbl_idx)-1:0] it compiles, but vvp 11
// aborts (recv_vec4 size assertion) in these testbenches.
logic   read_pending;
integer read_row;

always @(posedge clk) begin
  if (tb_run) begin
    read_pending <= tbl_req && tbl_gnt;
    read_row     <= tbl_idx;
  end else begin
    read_pending <= 1'b0;
  end
end

task automatic table_port_drive();
  tbl_gnt   = ($urandom % 5 != 0);
  tbl_rdata = read_pending ? rows[read_row] : TableJunk;
endtask
