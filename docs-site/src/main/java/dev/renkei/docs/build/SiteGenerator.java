package dev.renkei.docs.build;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the documentation site: guides from Markdown and a Redoc reference page per API, all
 * with relative links so the site works under any path (the server mounts it at {@code /docs}).
 *
 * <p>The site's sources ({@code src/site}):
 * <ul>
 *   <li>{@code nav.txt}: the pages in navigation order, {@code path label} per line, sections as
 *       {@code [Section]}; a {@code .md} path is a guide, a {@code .yaml} path a reference page
 *       for that spec.</li>
 *   <li>{@code templates/page.html}, {@code templates/reference.html}: layouts with
 *       {@code {{title}} {{root}} {{nav}} {{content}} {{spec}}} placeholders.</li>
 *   <li>{@code assets/}: copied as is.</li>
 * </ul>
 *
 * <p>Two fenced-block forms extend Markdown: {@code ```java include=PATH tag=NAME} (empty body)
 * shows region NAME of PATH (relative to the repository root), and {@code ```sequence} turns a
 * {@link SequenceDiagram} description into inline SVG. A missing include or region, a Markdown
 * page left out of the navigation, or a relative link or anchor that leads nowhere fails the
 * build.
 */
public final class SiteGenerator {

    /** The one link in Redoc's bundle that leaves the origin: the sidebar's Redocly logo. */
    static final String REDOC_REMOTE_LOGO = "src:\"https://cdn.redoc.ly/redoc/logo-mini.svg\"";

    private static final Pattern LINK = Pattern.compile("\\s(?:href|src)=\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]+)\"");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private record Entry(String section, String source, String label) {
        boolean guide() {
            return source.endsWith(".md");
        }

        String output() {
            return source.replaceFirst("\\.(md|yaml)$", ".html");
        }

        String root() {
            return "../".repeat((int) source.chars().filter(c -> c == '/').count());
        }
    }

    private final Path site;
    private final Path specs;
    private final Path out;
    private final String redocResource;
    private final Snippets snippets;
    private final Parser parser;
    private final HtmlRenderer renderer;

    /**
     * @param site          the site's sources ({@code src/site})
     * @param specs         the folder of the OpenAPI documents
     * @param sources       the repository root, which include paths are relative to
     * @param out           the output folder (emptied first)
     * @param redocResource the classpath name of Redoc's standalone bundle
     */
    public SiteGenerator(Path site, Path specs, Path sources, Path out, String redocResource) {
        this.site = site;
        this.specs = specs;
        this.out = out;
        this.redocResource = redocResource;
        this.snippets = new Snippets(sources);
        List<Extension> extensions = List.of(TablesExtension.create(), HeadingAnchorExtension.create());
        this.parser = Parser.builder().extensions(extensions).build();
        this.renderer = HtmlRenderer.builder().extensions(extensions).build();
    }

    /** Arguments: {@code --site= --specs= --sources= --out= --redoc=}. */
    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        for (String required : List.of("site", "specs", "sources", "out", "redoc")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("missing --" + required + "=");
            }
        }
        int pages = new SiteGenerator(Path.of(options.get("site")), Path.of(options.get("specs")),
                Path.of(options.get("sources")).toAbsolutePath().normalize(), Path.of(options.get("out")),
                options.get("redoc")).generate();
        System.out.println("docs-site: " + pages + " pages in " + options.get("out"));
    }

    /**
     * Writes the whole site.
     *
     * @return the number of pages written
     * @throws SiteException on any defect of the sources
     */
    public int generate() {
        try {
            List<Entry> entries = readNav();
            checkEveryGuideListed(entries);
            deleteTree(out);
            copyTree(site.resolve("assets"), out.resolve("assets"));
            copyRedoc();
            String pageTemplate = Files.readString(site.resolve("templates/page.html"));
            String referenceTemplate = Files.readString(site.resolve("templates/reference.html"));
            for (Entry entry : entries) {
                String html = entry.guide()
                        ? guide(entry, pageTemplate, entries)
                        : reference(entry, referenceTemplate, entries);
                write(out.resolve(entry.output()), html);
            }
            try (Stream<Path> yaml = Files.list(specs)) {
                for (Path spec : yaml.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                    // Beside the pages, so the relative $refs between documents resolve as written.
                    Path target = out.resolve("reference").resolve(spec.getFileName().toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(spec, target);
                }
            }
            checkLinks();
            return entries.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Entry> readNav() throws IOException {
        List<Entry> entries = new ArrayList<>();
        String section = "";
        int number = 0;
        for (String raw : Files.readAllLines(site.resolve("nav.txt"), StandardCharsets.UTF_8)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            if (parts.length < 2) {
                throw new SiteException("nav.txt line " + number + ": expected 'path label'");
            }
            Entry entry = new Entry(section, parts[0], parts[1].strip());
            Path source = entry.guide() ? site.resolve(entry.source())
                    : specs.resolve(Path.of(entry.source()).getFileName().toString());
            if (!entry.guide() && !entry.source().endsWith(".yaml")) {
                throw new SiteException("nav.txt line " + number + ": a page is a .md guide or a .yaml spec: " + entry.source());
            }
            if (!Files.isRegularFile(source)) {
                throw new SiteException("nav.txt line " + number + ": no such file " + source);
            }
            entries.add(entry);
        }
        return entries;
    }

    private void checkEveryGuideListed(List<Entry> entries) throws IOException {
        Set<String> listed = new HashSet<>();
        entries.forEach(e -> listed.add(e.source()));
        try (Stream<Path> files = Files.walk(site)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                String relative = site.relativize(file).toString().replace('\\', '/');
                if (!listed.contains(relative)) {
                    throw new SiteException("guide not in nav.txt: " + relative);
                }
            }
        }
    }

    private void copyRedoc() throws IOException {
        String bundle;
        try (InputStream in = SiteGenerator.class.getClassLoader().getResourceAsStream(redocResource)) {
            if (in == null) {
                throw new SiteException("Redoc bundle not on the classpath: " + redocResource);
            }
            bundle = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        write(out.resolve("assets/redoc.standalone.js"), withoutRemoteLogo(bundle));
    }

    /**
     * Redoc's sidebar footer always renders an image from cdn.redoc.ly. An empty source loads
     * nothing and trips the component's own onError, which removes the image; the "API docs by
     * Redocly" credit stays. Fails when a new Redoc version changes the string, so the patch can
     * never silently stop applying.
     */
    static String withoutRemoteLogo(String bundle) {
        int first = bundle.indexOf(REDOC_REMOTE_LOGO);
        if (first < 0 || bundle.indexOf(REDOC_REMOTE_LOGO, first + 1) >= 0) {
            throw new SiteException("expected Redoc's remote logo exactly once in its bundle: review the patch");
        }
        return bundle.replace(REDOC_REMOTE_LOGO, "src:\"\"")
                // The source map is not shipped; no dangling reference for developer tools to fetch.
                .replaceFirst("\\n//# sourceMappingURL=\\S+\\s*$", "\n");
    }

    private String guide(Entry entry, String template, List<Entry> entries) throws IOException {
        Node document = parser.parse(Files.readString(site.resolve(entry.source()), StandardCharsets.UTF_8));
        String title = expand(document, entry);
        return fill(template, Map.of(
                "title", SequenceDiagram.escape(title),
                "root", entry.root(),
                "nav", nav(entry, entries),
                "content", renderer.render(document)));
    }

    /** Applies includes, diagrams and .md links; returns the page's first-level heading. */
    private String expand(Node document, Entry entry) {
        List<FencedCodeBlock> blocks = new ArrayList<>();
        String[] title = new String[1];
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                blocks.add(block);
            }

            @Override
            public void visit(Link link) {
                link.setDestination(rewriteGuideLink(link.getDestination()));
                visitChildren(link);
            }

            @Override
            public void visit(Heading heading) {
                if (heading.getLevel() == 1 && title[0] == null) {
                    StringBuilder text = new StringBuilder();
                    heading.accept(new AbstractVisitor() {
                        @Override
                        public void visit(Text node) {
                            text.append(node.getLiteral());
                        }
                    });
                    title[0] = text.toString();
                }
                visitChildren(heading);
            }
        });
        if (title[0] == null) {
            throw new SiteException(entry.source() + ": a guide starts with a '# Title' heading");
        }
        int diagrams = 0;
        for (FencedCodeBlock block : blocks) {
            Map<String, String> info = info(block.getInfo());
            if ("sequence".equals(info.get(""))) {
                String id = "diagram-" + (++diagrams);
                String caption = info.getOrDefault("title", title[0]);
                HtmlBlock figure = new HtmlBlock();
                figure.setLiteral("<figure class=\"diagram\">\n"
                        + SequenceDiagram.parse(caption, block.getLiteral()).toSvg(id)
                        + "\n<figcaption>" + SequenceDiagram.escape(caption) + "</figcaption>\n</figure>\n");
                block.insertAfter(figure);
                block.unlink();
            } else if (info.containsKey("include")) {
                String tag = info.get("tag");
                if (tag == null) {
                    throw new SiteException(entry.source() + ": include of " + info.get("include") + " names no tag=");
                }
                if (!block.getLiteral().isBlank()) {
                    throw new SiteException(entry.source() + ": an include block must be empty (" + tag + ")");
                }
                block.setLiteral(snippets.region(info.get("include"), tag));
                block.setInfo(info.get(""));
            }
        }
        return title[0];
    }

    /** {@code "java include=a/B.java tag=x"} → {"" → java, include → a/B.java, tag → x}. */
    private static Map<String, String> info(String info) {
        Map<String, String> parsed = new LinkedHashMap<>();
        String[] words = info == null ? new String[0] : info.strip().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                parsed.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            } else if (i == 0) {
                parsed.put("", words[i]);
            } else if (parsed.containsKey("title")) {
                parsed.put("title", parsed.get("title") + " " + words[i]);
            }
        }
        // title=Several words: the words after title= belong to it.
        return parsed;
    }

    private static String rewriteGuideLink(String destination) {
        if (SCHEME.matcher(destination).find()) {
            return destination;
        }
        return destination.replaceFirst("\\.md(#|$)", ".html$1");
    }

    private String reference(Entry entry, String template, List<Entry> entries) throws IOException {
        String specName = Path.of(entry.source()).getFileName().toString();
        Map<String, Object> spec;
        try (InputStream in = Files.newInputStream(specs.resolve(specName))) {
            spec = new Yaml(new LoaderOptions()).load(in);
        }
        Object info = spec == null ? null : spec.get("info");
        if (!(info instanceof Map<?, ?> infoMap) || !(infoMap.get("title") instanceof String title)) {
            throw new SiteException(specName + ": no info.title");
        }
        return fill(template, Map.of(
                "title", SequenceDiagram.escape(title),
                "root", entry.root(),
                "nav", nav(entry, entries),
                "spec", specName,
                "content", ""));
    }

    private static String nav(Entry current, List<Entry> entries) {
        StringBuilder nav = new StringBuilder();
        String section = null;
        for (Entry entry : entries) {
            if (!entry.section().equals(section)) {
                if (section != null) {
                    nav.append("</ul>\n");
                }
                section = entry.section();
                if (!section.isEmpty()) {
                    nav.append("<h2>").append(SequenceDiagram.escape(section)).append("</h2>\n");
                }
                nav.append("<ul>\n");
            }
            nav.append("<li><a href=\"").append(current.root()).append(entry.output()).append('"');
            if (entry == current) {
                nav.append(" aria-current=\"page\"");
            }
            nav.append('>').append(SequenceDiagram.escape(entry.label())).append("</a></li>\n");
        }
        return nav.append("</ul>").toString();
    }

    private static String fill(String template, Map<String, String> values) {
        StringBuilder result = new StringBuilder();
        Matcher m = Pattern.compile("\\{\\{(\\w+)}}").matcher(template);
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new SiteException("template placeholder without a value: " + m.group());
            }
            m.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        return m.appendTail(result).toString();
    }

    /**
     * Every relative link and image must reach a file of the site, and every fragment an element
     * of a generated page. Links from the site root ("/...") would break wherever the site is
     * mounted, so they are refused too.
     */
    private void checkLinks() throws IOException {
        List<Path> pages;
        try (Stream<Path> files = Files.walk(out)) {
            pages = files.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
        Map<Path, Set<String>> ids = new HashMap<>();
        for (Path page : pages) {
            Set<String> found = new HashSet<>();
            Matcher m = ID.matcher(Files.readString(page));
            while (m.find()) {
                found.add(m.group(1));
            }
            ids.put(page.normalize(), found);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String link = m.group(1);
                if (SCHEME.matcher(link).find()) {
                    continue;
                }
                String where = out.relativize(page) + ": " + link;
                if (link.isEmpty() || link.startsWith("/")) {
                    broken.add(where + " (not relative)");
                    continue;
                }
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                String fragment = hash < 0 ? null : link.substring(hash + 1);
                Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!target.startsWith(out.normalize()) || !Files.isRegularFile(target)) {
                    broken.add(where + " (no such file)");
                } else if (fragment != null && ids.containsKey(target) && !isReference(target)
                        && !ids.get(target).contains(fragment)) {
                    broken.add(where + " (no such anchor)");
                }
            }
        }
        if (!broken.isEmpty()) {
            throw new SiteException("broken links:\n  " + String.join("\n  ", broken));
        }
    }

    /** Fragments of reference pages are Redoc's, made in the browser: not checkable here. */
    private boolean isReference(Path page) {
        return out.relativize(page).startsWith("reference");
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
