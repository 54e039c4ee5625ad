package io.logpipe.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The checks themselves must be able to fail: each fixture under src/test/resources/invalid has one kind of
 * mistake that kustomize renders without complaint, and each must be reported with where it is.
 */
class StrictModelsTest {

    private static List<String> problemsOf(String fixture) throws IOException {
        String yaml = Files.readString(Path.of("src/test/resources/invalid", fixture));
        List<String> problems = new ArrayList<>();
        List<Manifest> manifests = StrictModels.parse(yaml, problems);
        problems.addAll(new Rendered(fixture, manifests).problems());
        return problems;
    }

    private static void assertReported(List<String> problems, String... fragments) {
        for (String f : fragments) {
            assertTrue(problems.stream().anyMatch(p -> p.contains(f)), "expected a problem mentioning '" + f + "', got " + problems);
        }
    }

    @Test
    void aTypoDeepInsideAPodTemplateFails() throws IOException {
        assertReported(problemsOf("typo-in-probe.yaml"), ".spec.template.spec.containers[0].readinessProbe.httpGet.pathh");
    }

    @Test
    void typosAtAnyLevelOfADeploymentFail() throws IOException {
        assertReported(problemsOf("typo-at-top.yaml"), ".spec.replica", ".spec.template.spec.terminationGracePeriodSecond");
    }

    @Test
    void scalarsOfTheWrongJsonTypeFailAsTheyWouldOnTheApiServer() throws IOException {
        List<String> problems = problemsOf("wrong-types.yaml");
        assertEquals(1, problems.stream().filter(p -> p.contains("does not parse as Deployment")).count(), problems.toString());
        // Jackson stops at a document's first type error: fix them one by one, each must have been reported.
        assertEquals(List.of(), fixedStepByStep());
    }

    /** Fixes the fixture's four type errors one after the other; each step must fail until the last fix. */
    private static List<String> fixedStepByStep() throws IOException {
        String yaml = Files.readString(Path.of("src/test/resources/invalid/wrong-types.yaml"));
        String[][] fixes = {
                { "    prometheus.io/port: 8080", "    prometheus.io/port: \"8080\"" },
                { "  replicas: \"2\"", "  replicas: 2" },
                { "              value: 8080", "              value: \"8080\"" },
                { "            readOnlyRootFilesystem: \"true\"", "            readOnlyRootFilesystem: true" } };
        for (String[] fix : fixes) {
            List<String> problems = new ArrayList<>();
            StrictModels.parse(yaml, problems);
            assertEquals(1, problems.size(), "before fixing '" + fix[0].trim() + "': " + problems);
            assertTrue(yaml.contains(fix[0]));
            yaml = yaml.replace(fix[0], fix[1]);
        }
        List<String> problems = new ArrayList<>();
        StrictModels.parse(yaml, problems);
        return problems;
    }

    @Test
    void customResourcesAreCheckedStructurally() throws IOException {
        assertReported(problemsOf("typo-in-scaledobject.yaml"), "unknown field metdata", "missing required field metadata",
                ".spec.maxReplicaCount: expected int");
        assertReported(problemsOf("typo-in-eck-podtemplate.yaml"), "containers[0].resorces");
    }

    @Test
    void aKindWithoutModelOrStructuralCheckFails() throws IOException {
        assertReported(problemsOf("unknown-kind.yaml"), "example.com/v1/Widget has neither a typed model");
    }

    @Test
    void brokenReferencesInsideAPodFail() throws IOException {
        assertReported(problemsOf("bad-references.yaml"),
                "both value and valueFrom", "mounts volume missing", "does not match its template's labels",
                "readOnlyRootFilesystem is not true", "no liveness probe");
    }
}
