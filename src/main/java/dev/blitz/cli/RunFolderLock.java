package dev.blitz.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One training run per output folder: {@code train-mnist.lock} in the folder names the process that writes there,
 * and holds an operating-system lock for as long as it runs, so a second run in the same folder is refused (two
 * runs would each say they saved checkpoint 3 while the folder holds one). The system drops the lock when its
 * process ends however it ends, so a file left by a killed run is taken over, with a note; a finished run deletes it.
 *
 * <p>On Linux, closing any descriptor of a file drops every lock the process holds on it, so while locked the file
 * is never opened a second time: ownership is checked by the file's identity ({@code fileKey}), and runs inside one
 * JVM (tests) are told apart by {@link #HELD} before the file is opened.
 */
final class RunFolderLock implements AutoCloseable {
    static final String FILE_NAME = "train-mnist.lock";
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final Object key;
    private final String takenFrom;

    private RunFolderLock(Path file, FileChannel channel, Object key, String takenFrom) {
        this.file = file;
        this.channel = channel;
        this.key = key;
        this.takenFrom = takenFrom;
    }

    /**
     * Locks {@code dir} (created if missing) for this process.
     *
     * @throws IllegalStateException naming the owner's pid, if another run holds the folder
     * @throws IOException if the lock file cannot be written or locked
     */
    static RunFolderLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.toRealPath().resolve(FILE_NAME);
        if (!HELD.add(file)) {
            throw inUse(dir, file, Long.toString(ProcessHandle.current().pid()));
        }
        try {
            return lock(dir, file);
        } catch (IOException | RuntimeException | Error e) {
            HELD.remove(file);
            throw e;
        }
    }

    private static RunFolderLock lock(Path dir, Path file) throws IOException {
        // A finishing owner deletes the file while it still holds the lock; if that happens between our open and
        // our lock, the file we locked is no longer the folder's: the path's identity before the open and after the
        // lock tells, and we try again (the first pass, which creates the file, always goes round once).
        for (int attempt = 0; attempt < 10; attempt++) {
            Object before = keyOf(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | OverlappingFileLockException e) {
                channel.close();
                throw new IOException("could not lock " + file + " (" + e.getMessage() + "); a folder on a file "
                        + "system without locks cannot be checked for a second run: choose another --out", e);
            }
            if (lock == null) {
                String owner = ownerOf(read(channel));
                channel.close();
                throw inUse(dir, file, owner);
            }
            Object after = keyOf(file);
            if (Objects.equals(before, after) && (after != null || attempt > 0)) {
                String previous = read(channel);
                String content = ProcessHandle.current().pid() + "\n";
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
                channel.force(true);
                return new RunFolderLock(file, channel, after, previous.isBlank() ? null : ownerOf(previous));
            }
            channel.close();
        }
        throw new IOException("could not lock " + file + ": it kept being replaced by other processes");
    }

    private static IllegalStateException inUse(Path dir, Path file, String owner) {
        return new IllegalStateException(dir + " is in use by another training run (pid " + owner + ", according "
                + "to " + file + "); wait for it to finish, stop it, or choose another --out");
    }

    /** The pid of the run that ended without deleting the lock file, whose lock this one took over; else null. */
    String takenFrom() {
        return takenFrom;
    }

    Path file() {
        return file;
    }

    /** Deletes the lock file while still holding the lock (so no one locks a file being deleted), then unlocks. */
    @Override
    public void close() throws IOException {
        try {
            if (key != null && key.equals(keyOf(file))) {
                Files.deleteIfExists(file);
            }
        } finally {
            channel.close(); // releases the lock
            HELD.remove(file);
        }
    }

    /** The file's identity (device and inode on Linux) without opening it; null if it is missing or has none. */
    private static Object keyOf(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String ownerOf(String content) {
        String pid = content.strip().split("\\s+", 2)[0];
        return pid.matches("\\d+") ? pid : "unknown";
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
        channel.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }
}
