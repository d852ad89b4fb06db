package dev.blitz.examples;

import dev.blitz.Blitz;
import dev.blitz.core.Device;
import dev.blitz.data.Batch;
import dev.blitz.data.Cifar10Dataset;
import dev.blitz.data.DataLoader;
import dev.blitz.data.Dataset;
import dev.blitz.data.MnistDataset;
import dev.blitz.data.transforms.Compose;
import dev.blitz.data.transforms.Normalize;
import dev.blitz.data.transforms.Pad;
import dev.blitz.data.transforms.ToTensor;
import dev.blitz.io.SafeTensors;
import dev.blitz.nn.Conv2d;
import dev.blitz.nn.CrossEntropyLoss;
import dev.blitz.nn.F;
import dev.blitz.nn.Linear;
import dev.blitz.nn.MaxPool2d;
import dev.blitz.nn.Module;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;
import dev.blitz.viz.ImageGrid;

import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "Training a classifier" chapter of PyTorch's 60-minute blitz, line for line, printing what the tutorial
 * prints: the labels of some training images (and the images, as a PNG where the tutorial calls {@code imshow}),
 * the running loss every 2000 mini-batches ({@code [1,  2000] loss: 2.196}), {@code Finished Training}, the
 * ground truth and the predictions of the reloaded network for the first test images, the accuracy on the whole
 * test set and per class, and its "Training on GPU" part.
 *
 * <p>Choices where the tutorial leaves Python:
 * <ul>
 * <li>Data: CIFAR-10's binary files ({@code scripts/fetch-cifar10}, data/cifar10) when they are there, else
 * Fashion-MNIST ({@code scripts/fetch-fashion-mnist}, data/fashion-mnist), or either by {@code --dataset}. Its
 * 28×28 grey images get {@code Pad(2)} to 32×32 and the chapter's {@link Net} takes 1 input channel instead of 3, so
 * every other shape in the net (16 * 5 * 5 into {@code fc1}) stays the chapter's; it keeps the chapter's
 * {@code Normalize} with mean and std 0.5, after the padding, so the border is black.</li>
 * <li>Parts 1 to 5 run on the CPU, as the tutorial's do; its last part picks {@code cuda:0} when CUDA is usable
 * (else says why not and stays on the CPU), moves the net there with {@code net.to(device)}, and scores the test
 * set again with every batch moved by {@code inputs.to(device)}.</li>
 * <li>{@code imshow} writes {@code train-images.png} and {@code test-images.png} (the latter with the predictions)
 * into {@code --out}; the state dict goes there as safetensors ({@code cifar_net.safetensors}, or
 * {@code fashion_net.safetensors}), which PyTorch reads with {@code safetensors.torch.load_file}.</li>
 * <li>{@code Blitz.manualSeed(seed)} and a shuffling seed make a run repeatable; the tutorial sets none.</li>
 * <li>A class with no test image (possible with {@code --test-limit}) prints {@code n/a} where Python would
 * divide by zero.</li>
 * </ul>
 * Run it with {@code scripts/blitz-java dev.blitz.examples.ClassifierChapter} ({@code --help} for the options).
 */
public final class ClassifierChapter {
    /** The tutorial's {@code classes} tuple, the short names it prints for CIFAR-10's labels 0 to 9. */
    static final List<String> CIFAR10_CLASSES = List.of("plane", "car", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");
    /** {@code batch_size = 4}. */
    static final int BATCH_SIZE = 4;
    /** The chapter's {@code Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))}, one value for every channel. */
    private static final double[] HALF = {0.5};

    private ClassifierChapter() {
    }

    /**
     * The chapter's {@code Net}: LeNet-5 with a pooling module, for 32×32 images. {@code new Net(3)} is the
     * tutorial's, for CIFAR-10's colour images (the layers of {@link dev.blitz.models.CifarNet}, defined here as the
     * chapter defines them); {@code new Net(1)} takes grey images.
     */
    public static final class Net extends Module {
        final Conv2d conv1;
        final MaxPool2d pool;
        final Conv2d conv2;
        final Linear fc1;
        final Linear fc2;
        final Linear fc3;

        /**
         * Makes the layers, initialised as PyTorch initialises them.
         *
         * @param inChannels the images' channels: 3 for CIFAR-10, 1 for Fashion-MNIST
         */
        public Net(int inChannels) {
            conv1 = register("conv1", new Conv2d(inChannels, 6, 5));
            pool = register("pool", MaxPool2d.builder(2).stride(2).build());
            conv2 = register("conv2", new Conv2d(6, 16, 5));
            fc1 = register("fc1", new Linear(16 * 5 * 5, 120));
            fc2 = register("fc2", new Linear(120, 84));
            fc3 = register("fc3", new Linear(84, 10));
        }

        /**
         * The chapter's forward.
         *
         * @param x [N, inChannels, 32, 32] images
         * @return [N, 10] class scores
         */
        @Override
        public Tensor forward(Tensor x) {
            x = pool.forward(F.relu(conv1.forward(x)));
            x = pool.forward(F.relu(conv2.forward(x)));
            x = x.flatten(1); // flatten all dimensions except batch
            x = F.relu(fc1.forward(x));
            x = F.relu(fc2.forward(x));
            x = fc3.forward(x);
            return x;
        }
    }

    /** What a run leaves behind, for tests: the trained net, the net loaded from its saved state dict, the files. */
    record Outcome(Net trained, Net loaded, Path stateDict, Path trainImages, Path testImages) {
    }

    /** The chosen data set: its transformed splits, class names, image channels and the state dict's file name. */
    private record Data(Dataset train, Dataset test, List<String> classes, int channels, String stateDictFile) {
    }

    /**
     * Runs the chapter. Exits with status 2 for bad options (printing the usage), 1 when the data cannot be read
     * (printing why).
     *
     * @param args the options; {@code --help} lists them
     */
    public static void main(String[] args) {
        try {
            run(ClassifierOptions.parse(args), System.out);
        } catch (ClassifierOptions.UsageException e) {
            if (e.getMessage() == null) {
                System.out.print(ClassifierOptions.USAGE);
                return;
            }
            System.err.println("error: " + e.getMessage());
            System.err.print(ClassifierOptions.USAGE);
            System.exit(2);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    static Outcome run(ClassifierOptions o, PrintStream out) throws IOException {
        Blitz.manualSeed(o.seed());

        // 1. Load and normalize the training and test sets: ToTensor gives [0, 1], Normalize maps it to [-1, 1].
        Data chosen = load(o, out);
        DataLoader trainloader = DataLoader.builder(chosen.train()).batchSize(BATCH_SIZE).shuffle(o.seed())
                .workers(o.workers()).device(Device.CPU).build();
        DataLoader testloader = DataLoader.builder(chosen.test()).batchSize(BATCH_SIZE).workers(o.workers())
                .device(Device.CPU).build();
        List<String> classes = chosen.classes();
        Files.createDirectories(o.out());

        // Let us show some of the training images, for fun.
        Path trainImages = o.out().resolve("train-images.png");
        try (DataLoader.Epoch dataiter = trainloader.epoch(0); Batch batch = dataiter.next()) {
            imshow(ImageGrid.of(batch).classes(classes), trainImages);
            // print labels
            out.println(names(classes, batch.labels().toLongArray()));
        }

        // 2. Define a Convolutional Neural Network.
        Net net = new Net(chosen.channels());
        net.to(Device.CPU);

        // 3. Define a Loss function and optimizer: Classification Cross-Entropy loss and SGD with momentum.
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        SGD optimizer = SGD.builder(net.parameters(), 0.001).momentum(0.9).build();

        // 4. Train the network: each for-each over the loader is the next epoch, reshuffled.
        for (int epoch = 0; epoch < o.epochs(); epoch++) { // loop over the dataset multiple times
            double runningLoss = 0.0;
            int i = 0;
            for (Batch data : trainloader) {
                // zero the parameter gradients
                optimizer.zeroGrad();
                // forward + backward + optimize; the scope frees the step's temporaries
                try (data; var step = MemoryScope.open()) {
                    // get the inputs; data is a batch of [inputs, labels]
                    Tensor inputs = data.images();
                    Tensor labels = data.labels();
                    Tensor outputs = net.forward(inputs);
                    Tensor loss = criterion.forward(outputs, labels);
                    loss.backward();
                    optimizer.step();
                    // print statistics
                    runningLoss += loss.item();
                }
                if (i % o.printEvery() == o.printEvery() - 1) { // print every 2000 mini-batches
                    out.printf("[%d, %5d] loss: %s%n", epoch + 1, i + 1, fixed(runningLoss / o.printEvery(), 3));
                    runningLoss = 0.0;
                }
                i++;
            }
        }
        out.println("Finished Training");

        Path path = o.out().resolve(chosen.stateDictFile());
        SafeTensors.save(net.stateDict(), path);
        Net trained = net;

        // 5. Test the network on the test data: first some test images and their classes.
        Path testImages = o.out().resolve("test-images.png");
        try (DataLoader.Epoch dataiter = testloader.epoch(0); Batch batch = dataiter.next()) {
            Tensor images = batch.images();
            long[] labels = batch.labels().toLongArray();
            out.println("GroundTruth:  " + names(classes, labels));

            // Load back the saved model (not necessary here, only to show how to do it).
            net = new Net(chosen.channels());
            net.to(Device.CPU);
            net.loadStateDict(SafeTensors.load(path, Device.CPU).tensors());

            // The outputs are energies for the 10 classes; the class with the highest is the prediction.
            try (var scope = MemoryScope.open()) {
                Tensor outputs = net.forward(images);
                long[] predicted = outputs.max(1, false).indices().toLongArray();
                out.println("Predicted:  " + names(classes, predicted));
                imshow(ImageGrid.of(images).labels(labels).predictions(predicted).classes(classes), testImages);
            }
        }

        // How the network performs on the whole data set; no gradients needed.
        int correct = 0;
        int total = 0;
        try (var noGrad = Blitz.noGrad()) {
            for (Batch data : testloader) {
                try (data; var scope = MemoryScope.open()) {
                    Tensor images = data.images();
                    Tensor labels = data.labels();
                    // calculate outputs by running images through the network
                    Tensor outputs = net.forward(images);
                    // the class with the highest energy is what we choose as prediction
                    Tensor predicted = outputs.max(1, false).indices();
                    total += labels.size(0);
                    correct += (int) predicted.eq(labels).sum().itemLong();
                }
            }
        }
        out.println("Accuracy of the network on the " + total + " test images: " + 100 * correct / total + " %");

        // What are the classes that performed well, and the classes that did not perform well:
        Map<String, Integer> correctPred = new LinkedHashMap<>();
        Map<String, Integer> totalPred = new LinkedHashMap<>();
        for (String classname : classes) {
            correctPred.put(classname, 0);
            totalPred.put(classname, 0);
        }
        try (var noGrad = Blitz.noGrad()) {
            for (Batch data : testloader) {
                try (data; var scope = MemoryScope.open()) {
                    Tensor outputs = net.forward(data.images());
                    long[] predictions = outputs.max(1, false).indices().toLongArray();
                    long[] labels = data.labels().toLongArray();
                    // collect the correct predictions for each class
                    for (int k = 0; k < labels.length; k++) {
                        String classname = classes.get((int) labels[k]);
                        if (labels[k] == predictions[k]) {
                            correctPred.merge(classname, 1, Integer::sum);
                        }
                        totalPred.merge(classname, 1, Integer::sum);
                    }
                }
            }
        }
        for (var e : correctPred.entrySet()) {
            int classTotal = totalPred.get(e.getKey());
            String accuracy = classTotal == 0 ? "n/a (no test images)"
                    : fixed(100 * (double) e.getValue() / classTotal, 1) + " %";
            out.printf("Accuracy for class: %-5s is %s%n", e.getKey(), accuracy);
        }

        // Training on GPU: the first CUDA device if there is one; the net's parameters move there, and so must
        // the inputs and targets of every step.
        Device cuda = Device.cuda(0);
        Device device = Blitz.isAvailable(cuda) ? cuda : Device.CPU;
        out.println(device);
        if (!device.isCuda()) {
            out.println("(CUDA is not usable here: " + Blitz.unavailableReason(cuda) + "; this part runs on the "
                    + device + ")");
        }
        net.to(device);
        correct = 0;
        total = 0;
        try (var noGrad = Blitz.noGrad()) {
            for (Batch data : testloader) {
                try (data; var scope = MemoryScope.open()) {
                    Tensor inputs = data.images().to(device);
                    Tensor labels = data.labels().to(device);
                    Tensor predicted = net.forward(inputs).max(1, false).indices();
                    total += labels.size(0);
                    correct += (int) predicted.eq(labels).sum().itemLong();
                }
            }
        }
        out.println("Accuracy of the network on the " + total + " test images on " + device + ": "
                + 100 * correct / total + " %");
        return new Outcome(trained, net, path, trainImages, testImages);
    }

    /** The tutorial's {@code imshow}: undoes the normalisation ({@code img / 2 + 0.5}) and shows the grid. */
    private static void imshow(ImageGrid grid, Path file) throws IOException {
        grid.unnormalize(HALF, HALF).write(file);
    }

    /** {@code ' '.join(f'{classes[labels[j]]:5s}' for j in range(batch_size))}: each name left-aligned in 5. */
    static String names(List<String> classes, long[] labels) {
        List<String> padded = new ArrayList<>();
        for (long label : labels) {
            padded.add(String.format("%-5s", classes.get((int) label)));
        }
        return String.join(" ", padded);
    }

    /**
     * Python's {@code f'{v:.Nf}'}: the exact binary value rounded half to even (Java's {@code %.3f} rounds the
     * shortest decimal half up, which differs on ties such as 0.0625 to 3 places).
     */
    static String fixed(double v, int digits) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
        return v < 0 || (v == 0 && 1 / v < 0) ? (s.startsWith("-") ? s : "-" + s) : s;
    }

    /** The data set the options name, or for {@code auto} CIFAR-10 when its files are there, else Fashion-MNIST. */
    private static Data load(ClassifierOptions o, PrintStream out) throws IOException {
        Path cifarDir = o.data() != null ? o.data() : Path.of("data", "cifar10");
        boolean cifar = switch (o.dataset()) {
            case "cifar10" -> true;
            case "fashion-mnist" -> false;
            default -> holdsCifar10(cifarDir);
        };
        if (cifar) {
            Cifar10Dataset train = limit(Cifar10Dataset.load(cifarDir, Cifar10Dataset.Split.TRAIN), o.trainLimit());
            Cifar10Dataset test = limit(Cifar10Dataset.load(cifarDir, Cifar10Dataset.Split.TEST), o.testLimit());
            out.println("CIFAR-10 from " + cifarDir + ": " + train.size() + " training and " + test.size()
                    + " test images");
            var transform = Compose.of(new ToTensor(), new Normalize(HALF, HALF));
            return new Data(train.transform(transform), test.transform(transform), CIFAR10_CLASSES, 3,
                    "cifar_net.safetensors");
        }
        Path dir = o.data() != null ? o.data() : Path.of("data", "fashion-mnist");
        String why = o.dataset().equals("auto") ? " (CIFAR-10 is not in " + cifarDir + "; scripts/fetch-cifar10 "
                + "fetches it)" : "";
        MnistDataset train;
        MnistDataset test;
        try {
            train = limit(MnistDataset.loadFashion(dir, MnistDataset.Split.TRAIN), o.trainLimit());
            test = limit(MnistDataset.loadFashion(dir, MnistDataset.Split.TEST), o.testLimit());
        } catch (IOException e) {
            throw new IOException(why.isEmpty() ? e.getMessage() : "no data set: CIFAR-10 is not in " + cifarDir
                    + " (scripts/fetch-cifar10 fetches it) and " + e.getMessage(), e);
        }
        if (train.size() == 0 || test.size() == 0) {
            throw new IOException("Fashion-MNIST in " + dir + " has " + train.size() + " training and "
                    + test.size() + " test images; the chapter needs at least one of each");
        }
        out.println("Fashion-MNIST from " + dir + why + ": " + train.size() + " training and " + test.size()
                + " test images, padded to 32x32; the Net takes 1 input channel");
        var transform = Compose.of(new ToTensor(), new Pad(2), new Normalize(HALF, HALF));
        return new Data(train.transform(transform), test.transform(transform), train.classes(), 1,
                "fashion_net.safetensors");
    }

    /** Whether {@code dir} holds CIFAR-10's binary version, directly or in the archive's folder. */
    private static boolean holdsCifar10(Path dir) {
        String first = Cifar10Dataset.Split.TRAIN.files().get(0);
        return Files.isRegularFile(dir.resolve(first))
                || Files.isRegularFile(dir.resolve("cifar-10-batches-bin").resolve(first));
    }

    private static Cifar10Dataset limit(Cifar10Dataset d, int n) {
        return n > 0 && n < d.size() ? d.subset(0, n) : d;
    }

    private static MnistDataset limit(MnistDataset d, int n) {
        return n > 0 && n < d.size() ? d.subset(0, n) : d;
    }
}
