// Verifier rules of tt.reduce, tt.scan and their combine regions.
// RUN: triton-edge-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect

tt.func @reduce_no_operands() {
  // expected-error @+1 {{expected 1 or more operands, but found 0}}
  "tt.reduce"() <{axis = 0 : i32}> ({
  ^bb0:
    tt.reduce.return
  }) : () -> ()
  tt.return
}

// -----

tt.func @reduce_axis(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{axis 2 is out of bounds for operand rank 2}}
  %0 = "tt.reduce"(%a) <{axis = 2 : i32}> ({
  ^bb0(%x: f32, %y: f32):
    %s = arith.addf %x, %y : f32
    tt.reduce.return %s : f32
  }) : (tensor<4x8xf32>) -> tensor<4xf32>
  tt.return
}

// -----

tt.func @reduce_result(%a: tensor<4x8xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<8xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = "tt.reduce"(%a) <{axis = 1 : i32}> ({
  ^bb0(%x: f32, %y: f32):
    %s = arith.addf %x, %y : f32
    tt.reduce.return %s : f32
  }) : (tensor<4x8xf32>) -> tensor<8xf32>
  tt.return
}

// -----

tt.func @reduce_shapes(%a: tensor<4x8xf32>, %b: tensor<8x4xf32>) {
  // expected-error @+1 {{requires the same shape for all operands}}
  %0:2 = "tt.reduce"(%a, %b) <{axis = 1 : i32}> ({
  ^bb0(%x: f32, %y: f32, %z: f32, %w: f32):
    tt.reduce.return %x, %z : f32, f32
  }) : (tensor<4x8xf32>, tensor<8x4xf32>) -> (tensor<4xf32>, tensor<8xf32>)
  tt.return
}

// -----

tt.func @reduce_nargs(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{combine region must take 2 arguments, got 1}}
  %0 = "tt.reduce"(%a) <{axis = 1 : i32}> ({
  ^bb0(%x: f32):
    tt.reduce.return %x : f32
  }) : (tensor<4x8xf32>) -> tensor<4xf32>
  tt.return
}

// -----

tt.func @reduce_argtype(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{combine region argument 1 must have type 'f32', got 'f16'}}
  %0 = "tt.reduce"(%a) <{axis = 1 : i32}> ({
  ^bb0(%x: f32, %y: f16):
    tt.reduce.return %x : f32
  }) : (tensor<4x8xf32>) -> tensor<4xf32>
  tt.return
}

// -----

tt.func @reduce_nresults(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{combine region must return 1 values}}
  %0 = "tt.reduce"(%a) <{axis = 1 : i32}> ({
  ^bb0(%x: f32, %y: f32):
    tt.reduce.return %x, %y : f32, f32
  }) : (tensor<4x8xf32>) -> tensor<4xf32>
  tt.return
}

// -----

tt.func @reduce_restype(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{combine region result 0 must have the operand's element type}}
  %0 = "tt.reduce"(%a) <{axis = 1 : i32}> ({
  ^bb0(%x: f32, %y: f32):
    %t = arith.truncf %x : f32 to f16
    tt.reduce.return %t : f16
  }) : (tensor<4x8xf32>) -> tensor<4xf32>
  tt.return
}

// -----

tt.func @reduce_terminator(%a: tensor<4x8xf32>) {
  // expected-error @+1 {{combine region must end with tt.reduce.return}}
  %0 = "tt.reduce"(%a) <{axis = 1 : i32}> ({
  ^bb0(%x: f32, %y: f32):
    "other.terminator"(%x) : (f32) -> ()
  }) : (tensor<4x8xf32>) -> tensor<4xf32>
  tt.return
}

// -----

tt.func @scan_axis(%a: tensor<4x8xi32>) {
  // expected-error @+1 {{axis 2 is out of bounds for operand rank 2}}
  %0 = "tt.scan"(%a) <{axis = 2 : i32, reverse = false}> ({
  ^bb0(%x: i32, %y: i32):
    %s = arith.addi %x, %y : i32
    tt.scan.return %s : i32
  }) : (tensor<4x8xi32>) -> tensor<4x8xi32>
  tt.return
}

// -----

tt.func @scan_count(%a: tensor<4x8xi32>) {
  // expected-error @+1 {{must have the same number of inputs as outputs}}
  %0:2 = "tt.scan"(%a) <{axis = 1 : i32, reverse = false}> ({
  ^bb0(%x: i32, %y: i32):
    tt.scan.return %x : i32
  }) : (tensor<4x8xi32>) -> (tensor<4x8xi32>, tensor<4x8xi32>)
  tt.return
}

// -----

tt.func @scan_argtype(%a: tensor<4x8xi32>) {
  // expected-error @+1 {{combine region argument 0 must have type 'i32', got 'i64'}}
  %0 = "tt.scan"(%a) <{axis = 1 : i32, reverse = false}> ({
  ^bb0(%x: i64, %y: i32):
    tt.scan.return %y : i32
  }) : (tensor<4x8xi32>) -> tensor<4x8xi32>
  tt.return
}

// -----

tt.func @scan_terminator(%a: tensor<4x8xi32>) {
  // expected-error @+1 {{combine region must end with tt.scan.return}}
  %0 = "tt.scan"(%a) <{axis = 1 : i32, reverse = false}> ({
  ^bb0(%x: i32, %y: i32):
    "other.terminator"(%x) : (i32) -> ()
  }) : (tensor<4x8xi32>) -> tensor<4x8xi32>
  tt.return
}
