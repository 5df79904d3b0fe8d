package dev.renkei.client;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Every item of a paged Renkei list, fetched page by page as the caller consumes them.
 *
 * <p>Renkei pages every collection with {@code limit} (at most 200) and an opaque {@code cursor};
 * each page carries {@code next_cursor}, absent on the last page. Pass the generated list call
 * with the cursor left open:
 *
 * <pre>{@code
 * SpotsApi spots = client.api(SpotsApi.class);
 * try (Stream<Spot> all = Pages.stream(
 *         cursor -> spots.listSpots(null, null, null, 200, cursor),
 *         SpotPage::getItems, SpotPage::getNextCursor)) {
 *     all.forEach(spot -> System.out.println(spot.getName()));
 * }
 * }</pre>
 *
 * <p>A page is fetched only when the items before it are used up. Errors surface as
 * {@link RenkeiException} from the iterator or stream operation that needed the page.
 */
public final class Pages {

    private Pages() {
    }

    /**
     * Fetches one page.
     *
     * @param <P> the generated page type, for example {@code SpotPage}
     */
    @FunctionalInterface
    public interface PageFetcher<P> {
        /**
         * @param cursor {@code null} for the first page, else the previous page's {@code next_cursor}
         * @return the page
         * @throws Exception the generated {@code ApiException}, or anything else
         */
        P fetch(String cursor) throws Exception;
    }

    /**
     * @param fetch      fetches the page at a cursor
     * @param items      the items of a page
     * @param nextCursor the {@code next_cursor} of a page, {@code null} or empty on the last one
     * @param <P>        the page type
     * @param <T>        the item type
     * @return a sequential, lazy stream of every item
     */
    public static <P, T> Stream<T> stream(PageFetcher<P> fetch, Function<P, List<T>> items, Function<P, String> nextCursor) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(fetch, items, nextCursor),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * As {@link #stream}, as an {@link Iterable} for a for-each loop; each {@code iterator()}
     * starts again from the first page.
     *
     * @param fetch      fetches the page at a cursor
     * @param items      the items of a page
     * @param nextCursor the {@code next_cursor} of a page
     * @param <P>        the page type
     * @param <T>        the item type
     * @return every item
     */
    public static <P, T> Iterable<T> iterable(PageFetcher<P> fetch, Function<P, List<T>> items, Function<P, String> nextCursor) {
        return () -> iterator(fetch, items, nextCursor);
    }

    /**
     * As {@link #stream}, as an {@link Iterator}.
     *
     * @param fetch      fetches the page at a cursor
     * @param items      the items of a page
     * @param nextCursor the {@code next_cursor} of a page
     * @param <P>        the page type
     * @param <T>        the item type
     * @return every item
     */
    public static <P, T> Iterator<T> iterator(PageFetcher<P> fetch, Function<P, List<T>> items, Function<P, String> nextCursor) {
        Objects.requireNonNull(fetch, "fetch");
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(nextCursor, "nextCursor");
        return new Iterator<>() {
            private Iterator<T> current = null;
            private String cursor = null;
            private boolean lastFetched = false;

            @Override
            public boolean hasNext() {
                while ((current == null || !current.hasNext()) && !lastFetched) {
                    P page;
                    try {
                        page = fetch.fetch(cursor);
                    } catch (Exception e) {
                        throw RenkeiClient.translate(e);
                    }
                    List<T> pageItems = page == null ? null : items.apply(page);
                    current = pageItems == null ? java.util.Collections.emptyIterator() : pageItems.iterator();
                    String next = page == null ? null : nextCursor.apply(page);
                    if (next != null && next.equals(cursor)) {
                        // A cursor that points at itself would loop forever.
                        throw new IllegalStateException("The server returned the same next_cursor twice: " + next);
                    }
                    cursor = next;
                    lastFetched = next == null || next.isEmpty();
                }
                return current != null && current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
