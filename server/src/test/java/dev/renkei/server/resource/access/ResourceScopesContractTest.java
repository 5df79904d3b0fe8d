package dev.renkei.server.resource.access;

import io.micronaut.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scope the contract declares on each Resource API operation is the scope the server
 * enforces ({@link ResourceScopes}): a family added to the contract without its path segment in
 * the server's table, or declared with another scope, fails here rather than in a partner's app.
 */
class ResourceScopesContractTest {

    @Test
    @SuppressWarnings("unchecked")
    void requiredWhenComparedWithEveryOperationOfTheContractThenSameScope() throws IOException {
        Map<String, Object> spec;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("openapi/resources.yaml")) {
            assertTrue(in != null, "resources.yaml is on the classpath (renkei-api-spec)");
            spec = new Yaml(new LoaderOptions()).load(in);
        }
        List<String> mismatches = new ArrayList<>();
        int operations = 0;
        for (Map.Entry<String, Object> path : ((Map<String, Object>) spec.get("paths")).entrySet()) {
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "0197a1b2-3c4d-7e5f-8a6b-1c2d3e4f5a10");
            for (Map.Entry<String, Object> op : ((Map<String, Object>) path.getValue()).entrySet()) {
                if (!(op.getValue() instanceof Map<?, ?> operation) || !operation.containsKey("security")) {
                    continue;
                }
                operations++;
                String declared = ((List<Map<String, List<String>>>) operation.get("security")).stream()
                        .filter(s -> s.containsKey("oauth2")).map(s -> String.join(" ", s.get("oauth2")))
                        .findFirst().orElse("(none)");
                String enforced = ResourceScopes.required(HttpMethod.parse(op.getKey().toUpperCase()), concrete);
                if (!declared.equals(enforced)) {
                    mismatches.add(op.getKey().toUpperCase() + " " + path.getKey() + ": contract " + declared + ", server " + enforced);
                }
            }
        }
        assertTrue(operations >= 13, "operations found: " + operations);
        assertEquals(List.of(), mismatches);
    }
}
