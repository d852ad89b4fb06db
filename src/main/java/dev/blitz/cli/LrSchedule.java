package dev.blitz.cli;

import dev.blitz.optim.Optimizer;
import dev.blitz.optim.lr.CosineAnnealingLR;
import dev.blitz.optim.lr.LRScheduler;
import dev.blitz.optim.lr.LinearLR;
import dev.blitz.optim.lr.MultiStepLR;
import dev.blitz.optim.lr.OneCycleLR;
import dev.blitz.optim.lr.SequentialLR;
import dev.blitz.optim.lr.StepLR;

import java.util.List;

/**
 * The learning-rate schedule of {@code --scheduler} and its options, and the {@code torch.optim.lr_scheduler} it
 * makes: {@code none} (constant), {@code step} ({@link StepLR}), {@code multistep} ({@link MultiStepLR}),
 * {@code cosine} ({@link CosineAnnealingLR} over the epochs after the warm-up) and {@code onecycle} ({@link
 * OneCycleLR} with {@code max_lr} = {@code --lr} over every batch of the run). All but {@code onecycle} step once per
 * epoch; {@code --warmup-epochs N} puts a {@link LinearLR} warm-up before them through {@link SequentialLR}, which
 * restarts the epoch count of the schedule after it (step sizes and milestones count from the warm-up's end).
 *
 * @param name one of {@link #NAMES}
 * @param stepSize {@code step}'s {@code step_size} in epochs (0 for the others)
 * @param gamma {@code step}'s and {@code multistep}'s decay factor (0 for the others)
 * @param milestones {@code multistep}'s milestones in epochs, increasing (empty for the others)
 * @param warmupEpochs the epochs of linear warm-up, 0 for none
 */
record LrSchedule(String name, int stepSize, double gamma, List<Integer> milestones, int warmupEpochs) {
    /** The {@code --scheduler} values. */
    static final List<String> NAMES = List.of("none", "step", "multistep", "cosine", "onecycle");
    /** {@code step}'s default {@code --step-size} and {@code --gamma}: PyTorch's MNIST example's StepLR(1, 0.7). */
    static final int STEP_SIZE = 1;
    static final double STEP_GAMMA = 0.7;
    /** {@code multistep}'s default {@code --gamma}, MultiStepLR's own. */
    static final double MULTISTEP_GAMMA = 0.1;
    /** The warm-up's first factor, LinearLR's default {@code start_factor}; it ends at 1. */
    static final double WARMUP_START_FACTOR = 1.0 / 3;

    /** A constant learning rate. */
    static final LrSchedule NONE = new LrSchedule("none", 0, 0, List.of(), 0);

    LrSchedule {
        milestones = List.copyOf(milestones);
    }

    /** {@return whether the scheduler steps after every batch ({@code onecycle}) rather than every epoch} */
    boolean perBatch() {
        return name.equals("onecycle");
    }

    /**
     * Builds the scheduler on {@code optimizer}, which takes its first learning rate from it at once.
     *
     * @param optimizer the run's optimizer, its learning rate {@code lr}
     * @param lr {@code --lr}, {@code onecycle}'s peak
     * @param epochs {@code --epochs}, the whole run's
     * @param batchesPerEpoch the optimisation steps per epoch
     * @return the scheduler, or null for a constant learning rate
     */
    LRScheduler build(Optimizer optimizer, double lr, int epochs, int batchesPerEpoch) {
        if (name.equals("onecycle")) {
            return new OneCycleLR(optimizer, lr, Math.multiplyExact(epochs, batchesPerEpoch));
        }
        // As PyTorch's recipes write it: the warm-up, the schedule after it, then the SequentialLR of both.
        LinearLR warmup = warmupEpochs > 0 ? new LinearLR(optimizer, WARMUP_START_FACTOR, 1.0, warmupEpochs) : null;
        LRScheduler after = switch (name) {
            case "step" -> new StepLR(optimizer, stepSize, gamma);
            case "multistep" -> new MultiStepLR(optimizer, milestones.stream().mapToInt(Integer::intValue).toArray(),
                    gamma);
            case "cosine" -> new CosineAnnealingLR(optimizer, epochs - warmupEpochs);
            default -> null;
        };
        if (warmup == null || after == null) {
            return warmup != null ? warmup : after;
        }
        return new SequentialLR(optimizer, List.of(warmup, after), warmupEpochs);
    }

    /**
     * The schedule in PyTorch's terms, e.g. {@code StepLR(step_size=1, gamma=0.7)}: all that fixes the learning
     * rates besides {@code --lr}, so two runs with the same text and {@code --lr} have the same ones. Checkpoints
     * keep it, and a resumed run restores the scheduler's state only when its own text is the same.
     *
     * @param lr {@code --lr}
     * @param epochs {@code --epochs}
     * @param batchesPerEpoch the optimisation steps per epoch
     * @return the text; {@code none} for a constant learning rate
     */
    String describe(double lr, int epochs, int batchesPerEpoch) {
        String main = switch (name) {
            case "step" -> "StepLR(step_size=" + stepSize + ", gamma=" + gamma + ")";
            case "multistep" -> "MultiStepLR(milestones=" + milestones + ", gamma=" + gamma + ")";
            case "cosine" -> "CosineAnnealingLR(T_max=" + (epochs - warmupEpochs) + ")";
            case "onecycle" -> "OneCycleLR(max_lr=" + lr + ", total_steps=" + (long) epochs * batchesPerEpoch + ")";
            default -> null;
        };
        if (warmupEpochs == 0) {
            return main == null ? "none" : main;
        }
        String warmup = "LinearLR(start_factor=1/3, total_iters=" + warmupEpochs + ")";
        return main == null ? warmup : "SequentialLR(" + warmup + ", " + main + ", milestones=[" + warmupEpochs + "])";
    }
}
