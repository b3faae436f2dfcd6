// Two `y = x + x` kernels for db=auto (test/Target/pipeline-options.test):
// blocks of 1024 and 16 f32.
module {
  tt.func public @add1024(%in: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %out: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %n: i32) {
    %cB = arith.constant 1024 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %cB : i32
    %r = tt.make_range {end = 1024 : i32, start = 0 : i32} : tensor<1024xi32>
    %s = tt.splat %off : i32 -> tensor<1024xi32>
    %idx = arith.addi %s, %r : tensor<1024xi32>
    %ns = tt.splat %n : i32 -> tensor<1024xi32>
    %mask = arith.cmpi slt, %idx, %ns : tensor<1024xi32>
    %pin = tt.splat %in : !tt.ptr<f32> -> tensor<1024x!tt.ptr<f32>>
    %p = tt.addptr %pin, %idx : tensor<1024x!tt.ptr<f32>>, tensor<1024xi32>
    %x = tt.load %p, %mask : tensor<1024x!tt.ptr<f32>>
    %y = arith.addf %x, %x : tensor<1024xf32>
    %pout = tt.splat %out : !tt.ptr<f32> -> tensor<1024x!tt.ptr<f32>>
    %q = tt.addptr %pout, %idx : tensor<1024x!tt.ptr<f32>>, tensor<1024xi32>
    tt.store %q, %y, %mask : tensor<1024x!tt.ptr<f32>>
    tt.return
  }
  tt.func public @add16(%in: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %out: !tt.ptr<f32> {tt.divisibility = 16 : i32}, %n: i32) {
    %cB = arith.constant 16 : i32
    %pid = tt.get_program_id x : i32
    %off = arith.muli %pid, %cB : i32
    %r = tt.make_range {end = 16 : i32, start = 0 : i32} : tensor<16xi32>
    %s = tt.splat %off : i32 -> tensor<16xi32>
    %idx = arith.addi %s, %r : tensor<16xi32>
    %ns = tt.splat %n : i32 -> tensor<16xi32>
    %mask = arith.cmpi slt, %idx, %ns : tensor<16xi32>
    %pin = tt.splat %in : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %p = tt.addptr %pin, %idx : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    %x = tt.load %p, %mask : tensor<16x!tt.ptr<f32>>
    %y = arith.addf %x, %x : tensor<16xf32>
    %pout = tt.splat %out : !tt.ptr<f32> -> tensor<16x!tt.ptr<f32>>
    %q = tt.addptr %pout, %idx : tensor<16x!tt.ptr<f32>>, tensor<16xi32>
    tt.store %q, %y, %mask : tensor<16x!tt.ptr<f32>>
    tt.return
  }
}
