package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/** Modules applied in order, named 0, 1, 2, ... as in PyTorch. */
public class Sequential extends Module {
    /**
     * Chains {@code modules}, registered as children {@code 0}, {@code 1}, ..., as {@code nn.Sequential(...)}.
     *
     * @param modules the layers, applied in this order
     */
    public Sequential(Module... modules) {
        for (int i = 0; i < modules.length; i++) {
            register(Integer.toString(i), modules[i]);
        }
    }

    /**
     * Passes {@code input} through every module in order.
     *
     * @param input the first module's input
     * @return the last module's output ({@code input} itself when there are none)
     */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : namedChildren().values()) {
            x = m.forward(x);
        }
        return x;
    }
}
