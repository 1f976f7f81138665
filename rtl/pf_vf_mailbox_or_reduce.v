// OR of COUNT one-hot-selected WIDTH-bit terms: the read multiplexers of pf_vf_mailbox.
module pf_vf_mailbox_or_reduce #(
    parameter WIDTH = 32,
    parameter COUNT = 2
) (
    input  wire [WIDTH*COUNT-1:0] terms,
    output reg  [WIDTH-1:0]       result
);
    integer k;
    always @* begin
        result = {WIDTH{1'b0}};
        for (k = 0; k < COUNT; k = k + 1)
            result = result | terms[WIDTH*k +: WIDTH];
    end
endmodule
