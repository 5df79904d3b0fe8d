package dev.renkei.docs.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnippetsTest {

    @TempDir
    Path root;

    @Test
    void regionIsCutOutDedentedAndWithoutOtherMarkers() throws IOException {
        Files.writeString(root.resolve("A.java"), """
                class A {
                    void run() {
                        // tag::outer[]
                        int a = 1;
                        // tag::inner[]
                        int b = 2;
                        // end::inner[]
                        // end::outer[]
                    }
                }
                """);
        assertEquals("int a = 1;\nint b = 2;\n", new Snippets(root).region("A.java", "outer"));
    }

    @Test
    void missingRegionFailsTheBuild() throws IOException {
        Files.writeString(root.resolve("A.java"), "class A {}\n");
        SiteException e = assertThrows(SiteException.class, () -> new Snippets(root).region("A.java", "paging"));
        assertTrue(e.getMessage().contains("region 'paging' not found in A.java"), e.getMessage());
    }

    @Test
    void missingFileFailsTheBuild() {
        SiteException e = assertThrows(SiteException.class, () -> new Snippets(root).region("Nope.java", "paging"));
        assertTrue(e.getMessage().contains("included file not found"), e.getMessage());
    }

    @Test
    void unclosedRegionFailsTheBuild() throws IOException {
        Files.writeString(root.resolve("A.java"), "// tag::x[]\nint a;\n");
        assertThrows(SiteException.class, () -> new Snippets(root).region("A.java", "x"));
    }

    @Test
    void redocPatchFailsWhenTheRemoteLogoIsNoLongerThere() {
        assertThrows(SiteException.class, () -> SiteGenerator.withoutRemoteLogo("var x = 1;"));
        assertEquals("a src:\"\" b", SiteGenerator.withoutRemoteLogo("a " + SiteGenerator.REDOC_REMOTE_LOGO + " b"));
    }
}
