package dev.blitz.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs backward: visits the graph below a root in reverse topological order, summing gradients per node. */
public final class Engine {
    private Engine() {
    }

    /**
     * Propagates {@code gradient} from {@code root} down to the leaves, adding each leaf's gradient into its
     * {@code grad()}; what {@link Tensor#backward(Tensor, boolean)} calls. Runs with gradient recording off.
     *
     * @param root the tensor backward starts from
     * @param gradient the gradient with respect to {@code root}, of its shape (not checked here)
     * @param retainGraph true to keep each function's saved tensors for another backward
     * @throws IllegalStateException if {@code root} does not require grad, or part of the graph was already freed
     */
    public static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
        if (root.gradFn() == null) {
            if (root.requiresGrad()) {
                root.accumulateGrad(gradient);
                return;
            }
            throw new IllegalStateException("backward(): the tensor of shape " + root.shape()
                    + " does not require grad and has no grad_fn (was it computed under noGrad, or from tensors"
                    + " without requiresGrad?)");
        }
        List<Function> order = topologicalOrder(root.gradFn());
        Map<Function, Tensor> pending = new IdentityHashMap<>();
        pending.put(root.gradFn(), gradient);
        try (var g = GradMode.noGrad()) {
            for (Function fn : order) {
                Tensor gradOut = pending.remove(fn);
                if (gradOut == null) {
                    continue;
                }
                Tensor[] grads = fn.runBackward(gradOut);
                Function.Edge[] edges = fn.edges();
                for (int i = 0; i < edges.length; i++) {
                    Function.Edge e = edges[i];
                    if (e == null || grads[i] == null) {
                        continue;
                    }
                    if (e.fn() == null) {
                        e.leaf().accumulateGrad(grads[i]);
                    } else {
                        pending.merge(e.fn(), grads[i], Tensor::add);
                    }
                }
                if (!retainGraph) {
                    fn.release();
                }
            }
        }
    }

    /** Functions reachable from {@code root}, each after every function that feeds gradient into it. */
    private static List<Function> topologicalOrder(Function root) {
        List<Function> postOrder = new ArrayList<>();
        Set<Function> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        seen.add(root);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Function fn = (Function) frame[0];
            int next = (int) frame[1];
            Function.Edge[] edges = fn.edges();
            if (next < edges.length) {
                frame[1] = next + 1;
                Function.Edge e = edges[next];
                if (e != null && e.fn() != null && seen.add(e.fn())) {
                    stack.push(new Object[] {e.fn(), 0});
                }
            } else {
                stack.pop();
                postOrder.add(fn);
            }
        }
        java.util.Collections.reverse(postOrder);
        return postOrder;
    }
}
