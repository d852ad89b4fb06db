package dev.blitz.nn;

import dev.blitz.tensor.Tensor;

/** Modules applied in order, named 0, 1, 2, ... as in PyTorch. */
public class Sequential extends Module {
    public Sequential(Module... modules) {
        for (int i = 0; i < modules.length; i++) {
            register(Integer.toString(i), modules[i]);
        }
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Module m : namedChildren().values()) {
            x = m.forward(x);
        }
        return x;
    }
}
