package dev.blitz.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The output folder's lock between processes: a live holder is named, a killed one's lock is taken over. */
class RunFolderLockTest {
    @TempDir
    Path dir;

    /** A second process: holds the lock of the folder {@code args[0]} until its standard input closes. */
    public static void main(String[] args) throws IOException {
        try (RunFolderLock lock = RunFolderLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close our input
            }
        }
    }

    private Process holder() throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RunFolderLockTest.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", out.readLine());
        return p;
    }

    @Test
    void aLiveHolderInAnotherProcessIsNamedAndItsEndFreesTheFolder() throws IOException, InterruptedException {
        Process other = holder();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RunFolderLock.acquire(dir));
            assertEquals(dir + " is in use by another training run (pid " + other.pid() + ", according to "
                    + dir.resolve("train-mnist.lock") + "); wait for it to finish, stop it, or choose another --out",
                    e.getMessage());
            assertThrows(IllegalStateException.class, () -> RunFolderLock.acquire(dir), "asking again changes nothing");
        } finally {
            other.getOutputStream().close();
            other.waitFor();
        }
        assertFalse(Files.exists(dir.resolve("train-mnist.lock")), "a run that ends deletes its lock file");
        try (RunFolderLock mine = RunFolderLock.acquire(dir)) {
            assertNull(mine.takenFrom());
        }
    }

    @Test
    void aKilledHoldersLockIsTakenOver() throws IOException, InterruptedException {
        Process other = holder();
        other.destroyForcibly().waitFor();
        try (RunFolderLock mine = RunFolderLock.acquire(dir)) {
            assertEquals(Long.toString(other.pid()), mine.takenFrom());
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(dir.resolve("train-mnist.lock")));
        }
    }

    @Test
    void oneProcessCannotHoldTheFolderTwice() throws IOException {
        try (RunFolderLock first = RunFolderLock.acquire(dir)) {
            assertThrows(IllegalStateException.class, () -> RunFolderLock.acquire(dir));
            assertThrows(IllegalStateException.class, () -> RunFolderLock.acquire(dir.resolve("..").resolve(
                    dir.getFileName())), "another spelling of the same folder");
        }
        RunFolderLock.acquire(dir).close();
    }
}
