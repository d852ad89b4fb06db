package dev.blitz.examples;

import dev.blitz.Blitz;
import dev.blitz.models.ResNet18;
import dev.blitz.nn.Linear;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;

/**
 * The "A gentle introduction to torch.autograd" chapter of PyTorch's 60-minute blitz, printing what the tutorial
 * prints (after {@code torch.manual_seed(0)}). The tutorial's ResNet-18 parts need its pretrained weights from
 * torchvision; in their place this prints the two gradients it checks and, after the printed part, fine-tunes a
 * {@link ResNet18} as the tutorial does: every parameter frozen, {@code fc} replaced by a 10-class
 * {@code Linear(512, 10)}, an optimizer over {@code fc}.
 */
public final class AutogradChapter {
    private AutogradChapter() {
    }

    /**
     * Runs the chapter on the default device.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Blitz.manualSeed(0);

        // Differentiation in autograd: Q = 3a^3 - b^2, so dQ/da = 9a^2 and dQ/db = -2b.
        Tensor a = Tensor.of(new float[] {2, 3}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {6, 4}, 2).requiresGrad(true);
        Tensor q = a.pow(3).mul(3).sub(b.pow(2));
        Tensor externalGrad = Tensor.of(new float[] {1, 1}, 2);
        q.backward(externalGrad);
        System.out.println(a.pow(2).mul(9).eq(a.grad()));
        System.out.println(b.mul(-2).eq(b.grad()));
        System.out.println(a.grad());
        System.out.println(b.grad());

        // Exclusion from the DAG: an op's result requires grad if any of its inputs does.
        Tensor x = Tensor.rand(5, 5);
        Tensor y = Tensor.rand(5, 5);
        Tensor z = Tensor.rand(5, 5).requiresGrad(true);
        Tensor sum = x.add(y);
        System.out.println("Does `a` require gradients? : " + python(sum.requiresGrad()));
        sum = x.add(z);
        System.out.println("Does `b` require gradients?: " + python(sum.requiresGrad()));

        finetuneTheLastLayer();
    }

    /**
     * The tutorial's fine-tuning: freezes every parameter of a ResNet-18, replaces its classifier
     * ({@code model.fc = nn.Linear(512, 10)}: the new layer's parameters require grad), and takes one SGD step
     * (lr 1e-2, momentum 0.9) over {@code fc}'s parameters: only {@code fc} changes, the frozen parameters getting
     * no gradient.
     *
     * @return the network after one step
     */
    static ResNet18 finetuneTheLastLayer() {
        ResNet18 model = new ResNet18();
        for (Tensor p : model.parameters()) {
            p.requiresGrad(false);
        }
        model.replace("fc", new Linear(512, 10));
        // As the tutorial: over every parameter; the frozen ones get no gradient and the step leaves them alone.
        SGD optimizer = SGD.builder(model.parameters(), 1e-2).momentum(0.9).build();
        model.forward(Tensor.rand(1, 3, 64, 64)).sum().backward();
        optimizer.step();
        return model;
    }

    private static String python(boolean b) {
        return b ? "True" : "False";
    }
}
