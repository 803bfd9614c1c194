// vpusim regression input, written by hand: the 2025-26 printer (NPU 4.0,
// workload management).  config.platform and config.Resources, inherent
// attributes as properties (<{...}>) on DMAs and barriers, a start
// barrier, enqueueTarget and wlmPage on tasks, the descriptor DMAs
// (FetchDMA, EnqueueDMA, BarProgDMA), PPETask {ppe = #VPU.PPEInt<...>},
// dedicated SHAVE FIFOs (listIndex), a DPU variant with haloRegions and
// the 2026 entry name "convert".
#NHWC = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>
#loc1 = loc("conv?t_Convolution")
#loc2 = loc("cvt?t_Convert")
module @lnl2026 attributes {config.compilationMode = #config.compilation_mode<DefaultHW>, config.platform = #config.platform<NPU4000>} {
  module @VPU.SW {
    func.func private @builtin_Convert(memref<*xf16, [@CMX_NN, 0]>, memref<*xui8, [@CMX_NN, 0]>) attributes {VPU.kernel_code = "convert.cpp", VPU.kernel_entry = "convert", VPU.kernel_name = "convert", VPU.task_type = @COMPUTE}
  }
  config.PipelineOptions @Options {
    config.Option @config.WorkloadManagementStatus : "ENABLED"
    config.Option @config.UseDedicatedFifoPerShaveEngine : true
  }
  config.Resources {activity_factor = 1.0E-4 : f64} 1 of @NCE at 1.850000e+03 MHz {
    config.MemoryResource 1473536 bytes of @CMX_NN {config.bandwidth = 64 : i64, config.derateFactor = 1.000000e+00 : f64}
    config.ExecutorResource 2 of @SHAVE_ACT
    config.ExecutorResource 1 of @DPU
  }
  config.Resources 2 of @DMA_NN
  net.NetworkInfo entryPoint : @main inputsInfo : {
    DataInfo "in" : tensor<1x16x4x4xf16>
  } outputsInfo : {
    DataInfo "out" : tensor<1x16x4x4xui8>
  }
  func.func @main(%arg0: memref<1x16x4x4xf16, @DDR>, %arg1: memref<1x16x4x4xui8, @DDR>) -> memref<1x16x4x4xui8, @DDR> {
    %b0 = VPURT.ConfigureBarrier<3> <{isStartBarrier}> -> !VPURT.Barrier
    %b1 = VPURT.ConfigureBarrier<2> -> !VPURT.Barrier
    %b2 = VPURT.ConfigureBarrier<1> -> !VPURT.Barrier
    %b3 = VPURT.ConfigureBarrier<0> <{isFinalBarrier}> -> !VPURT.Barrier
    %e0 = VPURT.DeclareBuffer <DDR> <0> -> memref<0x0x0x0xi32, @DDR>
    %c0 = VPURT.DeclareBuffer <CMX_NN> [0] <0> -> memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 0]>
    %c1 = VPURT.DeclareBuffer <CMX_NN> [0] <1024> -> memref<16x16x1x1xf16, #NHWC, [@CMX_NN, 0]>
    %c2 = VPURT.DeclareBuffer <CMX_NN> [0] <2048> -> memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 0]>
    %c3 = VPURT.DeclareBuffer <CMX_NN> [0] <4096> -> memref<1x16x4x4xui8, #NHWC, [@CMX_NN, 0]>
    %w = VPURT.DeclareBuffer <DDR> <64> -> memref<16x16x1x1xf16, #NHWC, @DDR>
    VPURT.Task updates(%b0 : !VPURT.Barrier) {
      %0 = VPUIP.SyncDMA <{port = 0 : i64}> inputs(%e0 : memref<0x0x0x0xi32, @DDR>) outputs(%e0 : memref<0x0x0x0xi32, @DDR>) -> memref<0x0x0x0xi32, @DDR> loc("sync")
    }
    VPURT.Task wlmPage(0) {
      %0 = VPUIP.FetchDMA <{port = 0 : i64}> inputs(%e0 : memref<0x0x0x0xi32, @DDR>) outputs(%e0 : memref<0x0x0x0xi32, @DDR>) fetch_dma(<<DPU>, tile = 0 : i64, list = 0 : i64, fetchType = <DescriptorGroup>, group = 0 : i64>) -> memref<0x0x0x0xi32, @DDR> loc("fetch")
    }
    VPURT.Task wlmPage(0) {
      %0 = VPUIP.BarProgDMA <{port = 1 : i64}> inputs(%e0 : memref<0x0x0x0xi32, @DDR>) outputs(%e0 : memref<0x0x0x0xi32, @DDR>) -> memref<0x0x0x0xi32, @DDR> loc("barprog")
    }
    VPURT.Task waits(%b0 : !VPURT.Barrier) updates(%b1 : !VPURT.Barrier) wlmPage(0) {
      %0 = VPUIP.NNDMA <{is_out_of_order, port = 0 : i64, dma_hwp_id = 1 : i64}> inputs(%arg0 : memref<1x16x4x4xf16, @DDR>) outputs(%c0 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 0]> loc(#loc1)
    }
    VPURT.Task waits(%b0 : !VPURT.Barrier) updates(%b1 : !VPURT.Barrier) wlmPage(0) {
      %0 = VPUIP.NNDMA <{port = 1 : i64}> inputs(%w : memref<16x16x1x1xf16, #NHWC, @DDR>) outputs(%c1 : memref<16x16x1x1xf16, #NHWC, [@CMX_NN, 0]>) -> memref<16x16x1x1xf16, #NHWC, [@CMX_NN, 0]> loc(#loc1)
    }
    VPURT.Task waits(%b0 : !VPURT.Barrier) updates(%b1 : !VPURT.Barrier) wlmPage(0) {
      %0 = VPUIP.EnqueueDMA <{port = 0 : i64}> inputs(%e0 : memref<0x0x0x0xi32, @DDR>) outputs(%e0 : memref<0x0x0x0xi32, @DDR>) enqueue_dma_attr(<<DPU>, tile = 0 : i64, list = 0 : i64, startTask = 0 : i64, endTask = 0 : i64>) -> memref<0x0x0x0xi32, @DDR> loc("enqueue")
    }
    VPURT.Task waits(%b1 : !VPURT.Barrier) updates(%b2 : !VPURT.Barrier) enqueueTarget(%b0 : !VPURT.Barrier) wlmPage(0) {
      %0 = VPUIP.NCEClusterTask {kernel_padding = #VPU.Padding<left = 0 : i64, right = 0 : i64, top = 0 : i64, bottom = 0 : i64>, kernel_size = [1, 1], kernel_strides = [1, 1], mpe_engine = #VPU.MPEEngine37XX<mode = <SCL>>, task_type = #VPUIP.nce_task_type<CONV>} input(%c0 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 0]>) weights(%c1 : memref<16x16x1x1xf16, #NHWC, [@CMX_NN, 0]>) parent_input(%c0 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 0]>) parent_output(%c2 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c2 : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 0]>) -> memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 0]> variants : {
        DPUTask {haloRegions = [], inEnd = [3, 3, 15], inStart = [0, 0, 0], mpe_mode = #VPU.mpe_mode<CUBOID_16x16>, outEnd = [3, 3, 15], outStart = [0, 0, 0], pad = #VPU.Padding<left = 0 : i64, right = 0 : i64, top = 0 : i64, bottom = 0 : i64>, workload_id = 0 : i64}
      } PPE : {
        PPETask {ppe = #VPU.PPEInt<mode = <NOOP>, clamp_low = -2147483648 : i64, clamp_high = 2147483647 : i64, lrelu_mult = 1 : i64, lrelu_shift = 0 : i64, fp_prelu_alpha = 1.000000e+00 : f64>}
      } loc(#loc1)
    }
    VPURT.Task waits(%b2 : !VPURT.Barrier) updates(%b3 : !VPURT.Barrier) wlmPage(0) {
      %results = VPUIP.SW.Kernel {listIndex = 1 : i64, resultSegmentSizes = array<i32: 1, 0, 0>} @VPU.SW::@builtin_Convert inputs(%c2 as %a0: memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 0]>) outputs(%c3 as %a1: memref<1x16x4x4xui8, #NHWC, [@CMX_NN, 0]>) on tile 0 -> memref<1x16x4x4xui8, #NHWC, [@CMX_NN, 0]>{
        VPUIP.SW.Kernel.run(%a0, %a1) : memref<1x16x4x4xf16, #NHWC, [@CMX_NN, 0]>, memref<1x16x4x4xui8, #NHWC, [@CMX_NN, 0]>
      } loc(#loc2)
    }
    VPURT.Task waits(%b3 : !VPURT.Barrier) wlmPage(0) {
      %0 = VPUIP.NNDMA <{port = 0 : i64}> inputs(%c3 : memref<1x16x4x4xui8, #NHWC, [@CMX_NN, 0]>) outputs(%arg1 : memref<1x16x4x4xui8, @DDR>) -> memref<1x16x4x4xui8, @DDR> loc(#loc2)
    }
    return %arg1 : memref<1x16x4x4xui8, @DDR>
  }
}
