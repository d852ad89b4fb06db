package dev.blitz.models;

import dev.blitz.Blitz;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The classifier chapter's CIFAR-10 Net and the batch-norm CNN: PyTorch's print, state-dict keys, shapes. */
class ChapterModelsTest {
    @Test
    void cifarNetPrintsAsTheChaptersNet() {
        // print(net) of the tutorial's Net: its class name, not the Java one.
        assertEquals("""
                Net(
                  (conv1): Conv2d(3, 6, kernel_size=(5, 5), stride=(1, 1))
                  (pool): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
                  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
                  (fc1): Linear(in_features=400, out_features=120, bias=True)
                  (fc2): Linear(in_features=120, out_features=84, bias=True)
                  (fc3): Linear(in_features=84, out_features=10, bias=True)
                )""", new CifarNet().toString());
    }

    @Test
    void cifarNetHasTheChaptersStateDictAndParameterCount() {
        CifarNet net = new CifarNet();
        assertEquals(List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias",
                "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"), List.copyOf(net.stateDict().keySet()));
        // 3*6*25+6 + 6*16*25+16 + 400*120+120 + 120*84+84 + 84*10+10
        assertEquals(62006, net.parameters().stream().mapToLong(Tensor::numel).sum());
    }

    @Test
    void cifarNetTakesColourImagesToTenScores() {
        Blitz.manualSeed(0);
        try (Tensor x = Tensor.randn(2, 3, 32, 32); Tensor y = new CifarNet().forward(x)) {
            assertArrayEquals(new int[] {2, 10}, y.shape().dims());
        }
    }

    @Test
    void cnnBnPrintsItsLayersAsPyTorch() {
        String bn2d = ", eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)";
        String pool = "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)";
        assertEquals("CnnBn(\n"
                + "  (features): Sequential(\n"
                + "    (0): Conv2d(1, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)\n"
                + "    (1): BatchNorm2d(32" + bn2d + "\n"
                + "    (2): ReLU()\n"
                + "    (3): Conv2d(32, 32, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)\n"
                + "    (4): BatchNorm2d(32" + bn2d + "\n"
                + "    (5): ReLU()\n"
                + "    (6): " + pool + "\n"
                + "    (7): Conv2d(32, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), bias=False)\n"
                + "    (8): BatchNorm2d(64" + bn2d + "\n"
                + "    (9): ReLU()\n"
                + "    (10): " + pool + "\n"
                + "  )\n"
                + "  (classifier): Sequential(\n"
                + "    (0): Flatten(start_dim=1, end_dim=-1)\n"
                + "    (1): Dropout(p=0.25, inplace=False)\n"
                + "    (2): Linear(in_features=3136, out_features=128, bias=False)\n"
                + "    (3): BatchNorm1d(128" + bn2d + "\n"
                + "    (4): ReLU()\n"
                + "    (5): Dropout(p=0.5, inplace=False)\n"
                + "    (6): Linear(in_features=128, out_features=10, bias=True)\n"
                + "  )\n"
                + ")", new CnnBn().toString());
    }

    @Test
    void cnnBnHasTorchvisionStyleKeysAndItsParameterCount() {
        CnnBn net = new CnnBn();
        List<String> keys = List.copyOf(net.stateDict().keySet());
        assertEquals(List.of("features.0.weight", "features.1.weight", "features.1.bias", "features.1.running_mean",
                "features.1.running_var", "features.1.num_batches_tracked"), keys.subList(0, 6));
        assertEquals(List.of("classifier.6.weight", "classifier.6.bias"), keys.subList(keys.size() - 2, keys.size()));
        // convs 1*32*9 + 32*32*9 + 32*64*9, BN weights and biases 2*(32+32+64+128), linears 3136*128 + 128*10+10
        assertEquals(288 + 9216 + 18432 + 2 * (32 + 32 + 64 + 128) + 401408 + 1290,
                net.parameters().stream().mapToLong(Tensor::numel).sum());
    }

    @Test
    void cnnBnTakesGreyImagesToTenScoresInBothModes() {
        Blitz.manualSeed(0);
        CnnBn net = new CnnBn();
        try (Tensor x = Tensor.randn(4, 1, 28, 28)) {
            try (Tensor y = net.forward(x)) {
                assertArrayEquals(new int[] {4, 10}, y.shape().dims());
            }
            net.eval();
            // Eval mode: running statistics and no dropout, so the same input gives the same scores.
            try (Tensor a = net.forward(x); Tensor b = net.forward(x)) {
                assertArrayEquals(a.toFloatArray(), b.toFloatArray());
            }
        }
    }
}
