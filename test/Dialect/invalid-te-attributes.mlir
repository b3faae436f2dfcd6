// The te dialect's verifier: each attribute only where it means something
// and with its type, so a pass never reads a malformed contract.
// RUN: triton-edge-opt %s --split-input-file --verify-diagnostics

// expected-error@+1 {{'te.program_loop' is only valid on an scf.for}}
func.func @loop_marker_on_function() attributes {te.program_loop} {
  return
}

// -----

func.func @kernel_region_on_select(%c: i1, %a: index) {
  // expected-error@+1 {{'te.kernel_region' is only valid on an scf.for, scf.if or scf.while}}
  %s = arith.select %c, %a, %a {te.kernel_region} : index
  return
}

// -----

func.func @program_loop_with_value(%a: index) {
  // expected-error@+1 {{'te.program_loop' must be a unit attribute, got 1 : i32}}
  scf.for %i = %a to %a step %a {
  } {te.program_loop = 1 : i32}
  return
}

// -----

// expected-error@+1 {{unknown attribute 'te.bytes_per_program' of the te dialect}}
func.func @old_cost_name() attributes {te.bytes_per_program = 1.0 : f64} {
  return
}

// -----

// The split a function allows and the split argument of a launch are two
// attributes: the argument's name on a function is an error.
// expected-error@+1 {{'te.program_split' is an argument attribute of a kernel body}}
func.func @split_on_function() attributes {te.program_split = 4 : i32} {
  return
}

// -----

// expected-error@+1 {{'te.max_program_split' must be an i32 >= 2, got 1 : i32}}
func.func @split_of_one() attributes {te.max_program_split = 1 : i32} {
  return
}

// -----

// expected-error@+1 {{'te.program_split' marks argument 0 of type 'i64', expected 'i32'}}
func.func @split_argument_type(%k: i64 {te.program_split}) {
  return
}

// -----

// expected-error@+1 {{'te.dma_engine' marks argument 0 of type 'i32', expected '!llvm.ptr'}}
func.func @dma_engine_type(%e: i32 {te.dma_engine}) {
  return
}

// -----

// expected-error@+1 {{'te.stream_stores' marks both argument 0 and 1}}
func.func @two_stream_flags(%a: i32 {te.stream_stores}, %b: i32 {te.stream_stores}) {
  return
}

// -----

// expected-error@+1 {{'te.full_tiles' is not an argument attribute}}
func.func @marker_on_argument(%a: i32 {te.full_tiles}) {
  return
}

// -----

// expected-error@+1 {{kernel 'k' has 2 argument types but 1 argument names}}
func.func @kernel_arity() attributes {te.kernel = #te.kernel<"k", [i32, f32], ["n"]>} {
  return
}

// -----

// expected-error@+1 {{a kernel needs a name}}
func.func @kernel_without_name() attributes {te.kernel = #te.kernel<"", [], []>} {
  return
}

// -----

// expected-error@+1 {{'te.kernel' must be a #te.kernel, got "k"}}
func.func @kernel_as_string() attributes {te.kernel = "k"} {
  return
}

// -----

// expected-error@+1 {{program cost must be finite and non-negative, got bytes = -1.000000e+00, ops = 2.000000e+00}}
func.func @negative_cost() attributes {te.program_cost = #te.program_cost<bytes = -1.0, ops = 2.0>} {
  return
}

// -----

// expected-error@+2 {{expected ::mlir::triton_edge::DoubleBuffering to be one of: dma, prefetch}}
// expected-error@+1 {{failed to parse TritonEdge_DoubleBufferingAttr parameter 'value'}}
func.func @unknown_buffering() attributes {te.double_buffered = #te.double_buffering<triple>} {
  return
}

// -----

func.func @lanes_per_result(%a: i32) {
  // expected-error@+1 {{'te.lanes' has 2 entries for 1 results}}
  %b = arith.addi %a, %a {te.lanes = array<i64: 4, 4>} : i32
  return
}

// -----

func.func @zero_lanes(%a: i32) {
  // expected-error@+1 {{'te.lanes' must be an array<i64> of lane counts >= 1, got array<i64: 0>}}
  %b = arith.addi %a, %a {te.lanes = array<i64: 0>} : i32
  return
}

// -----

func.func @reduce_lanes_off_a_reduction(%a: i32) {
  // expected-error@+1 {{'te.reduce_lanes' is only valid on a reduction (an operation with a combine region)}}
  %b = arith.addi %a, %a {te.reduce_lanes = 16 : i64} : i32
  return
}

// -----

// expected-error@+1 {{'te.trimmed_lanes' is only valid on a function}}
module attributes {te.trimmed_lanes} {
}
