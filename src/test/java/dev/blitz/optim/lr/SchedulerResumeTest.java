package dev.blitz.optim.lr;

import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every scheduler resumed from its and its optimizer's state dicts, as PyTorch resumes: build the optimizer and the
 * scheduler as before, load the optimizer's state, then the scheduler's; the learning rates (and momenta) that
 * follow are those of the run that was not interrupted, to the bit.
 */
class SchedulerResumeTest {
    private static final int STEPS = 30;
    private static final int SAVE_AFTER = 13;

    static Stream<Arguments> schedulers() {
        return Stream.of(
                Arguments.of("StepLR", (Function<SGD, LRScheduler>) o -> new StepLR(o, 4, 0.5)),
                Arguments.of("MultiStepLR", (Function<SGD, LRScheduler>) o -> new MultiStepLR(o, new int[] {5, 14}, 0.3)),
                Arguments.of("ExponentialLR", (Function<SGD, LRScheduler>) o -> new ExponentialLR(o, 0.93)),
                Arguments.of("CosineAnnealingLR", (Function<SGD, LRScheduler>) o -> new CosineAnnealingLR(o, 8, 1e-4)),
                Arguments.of("LinearLR", (Function<SGD, LRScheduler>) o -> new LinearLR(o, 0.2, 0.9, 20)),
                Arguments.of("OneCycleLR", (Function<SGD, LRScheduler>) o -> new OneCycleLR(o, 0.5, STEPS)),
                Arguments.of("SequentialLR", (Function<SGD, LRScheduler>) o -> new SequentialLR(o,
                        List.of(new LinearLR(o, 0.1, 1, 6), new CosineAnnealingLR(o, 10)), 6)));
    }

    private static SGD optimizer() {
        return SGD.builder(List.of(Tensor.zeros(1).requiresGrad(true)), 0.1).momentum(0.9)
                .group(List.of(Tensor.zeros(1).requiresGrad(true)), g -> g.setLr(0.02)).build();
    }

    /** Per step, each group's learning rate and momentum. */
    private static List<List<Double>> record(SGD sgd, LRScheduler scheduler, int steps) {
        List<List<Double>> seen = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            scheduler.step();
            List<Double> values = new ArrayList<>();
            for (SGD.Group g : sgd.paramGroups()) {
                values.add(g.lr());
                values.add(g.momentum());
            }
            seen.add(values);
        }
        return seen;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schedulers")
    void resumesWhereItStopped(String name, Function<SGD, LRScheduler> build) {
        SGD whole = optimizer();
        List<List<Double>> uninterrupted = record(whole, build.apply(whole), STEPS);

        SGD first = optimizer();
        LRScheduler firstScheduler = build.apply(first);
        List<List<Double>> resumed = new ArrayList<>(record(first, firstScheduler, SAVE_AFTER));
        Map<String, Tensor> optimizerState = first.stateDict();
        Map<String, Tensor> schedulerState = firstScheduler.stateDict();

        SGD second = optimizer();
        LRScheduler secondScheduler = build.apply(second);
        second.loadStateDict(optimizerState);
        secondScheduler.loadStateDict(schedulerState);
        assertEquals(firstScheduler.getLastLr(), secondScheduler.getLastLr());
        resumed.addAll(record(second, secondScheduler, STEPS - SAVE_AFTER));
        assertEquals(uninterrupted, resumed);
    }
}
