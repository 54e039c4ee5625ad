package io.logpipe.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with the kustomize built into {@code kubectl} ({@code kubectl kustomize DIR}), or a
 * standalone {@code kustomize build DIR}; both work without a cluster.
 */
final class Kustomize {

    private final List<String> command;

    private Kustomize(List<String> command) {
        this.command = command;
    }

    /** kubectl if it runs, else a standalone kustomize, else empty (neither installed). */
    static Optional<Kustomize> find() {
        if (runs("kubectl", "version", "--client")) {
            return Optional.of(new Kustomize(List.of("kubectl", "kustomize")));
        }
        if (runs("kustomize", "version")) {
            return Optional.of(new Kustomize(List.of("kustomize", "build")));
        }
        return Optional.empty();
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false; // not on PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The rendered multi-document YAML; fails with kustomize's own message when rendering fails. */
    String render(Path dir) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(dir.toString());
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "):\n"
                        + Files.readString(err));
            }
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    @Override
    public String toString() {
        return String.join(" ", command);
    }
}
