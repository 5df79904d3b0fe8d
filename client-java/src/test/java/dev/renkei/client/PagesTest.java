package dev.renkei.client;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PagesTest {

    record Page(List<Integer> items, String next) {
    }

    /** 450 items in pages of 200 behind opaque cursors. */
    private final Map<String, Page> pages = Map.of(
            "", new Page(range(0, 200), "c-a"),
            "c-a", new Page(range(200, 400), "c-b"),
            "c-b", new Page(range(400, 450), null));
    private final List<String> fetched = new ArrayList<>();

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    private Page fetch(String cursor) {
        fetched.add(cursor);
        return pages.get(cursor == null ? "" : cursor);
    }

    @Test
    void streamSeesEveryItemOnceInOrder() {
        List<Integer> all = Pages.stream(this::fetch, Page::items, Page::next).collect(Collectors.toList());

        assertEquals(range(0, 450), all);
        assertEquals(java.util.Arrays.asList(null, "c-a", "c-b"), fetched);
    }

    @Test
    void pagesAreFetchedOnlyWhenNeeded() {
        List<Integer> first = Pages.stream(this::fetch, Page::items, Page::next).limit(201).toList();

        assertEquals(201, first.size());
        assertEquals(java.util.Arrays.asList(null, "c-a"), fetched);
    }

    @Test
    void emptyPagesInTheMiddleAreSkipped() {
        Map<String, Page> sparse = Map.of("", new Page(List.of(), "x"), "x", new Page(List.of(1, 2), null));
        Iterator<Integer> items = Pages.iterator(c -> sparse.get(c == null ? "" : c), Page::items, Page::next);

        assertEquals(1, items.next());
        assertEquals(2, items.next());
        assertFalse(items.hasNext());
    }

    @Test
    void fetchFailureSurfacesAsRenkeiException() {
        Iterator<Integer> items = Pages.iterator(c -> {
            throw new java.io.IOException("connection reset");
        }, Page::items, Page::next);

        RenkeiException e = assertThrows(RenkeiException.class, items::hasNext);
        assertEquals(RenkeiException.NO_RESPONSE, e.status());
    }

    @Test
    void cursorPointingAtItselfStopsInsteadOfLoopingForever() {
        Iterator<Integer> items = Pages.iterator(c -> new Page(List.of(), "same"), Page::items, Page::next);

        assertThrows(IllegalStateException.class, items::hasNext);
    }
}
