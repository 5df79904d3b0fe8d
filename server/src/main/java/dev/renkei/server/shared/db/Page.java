package dev.renkei.server.shared.db;

import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.function.Function;

/** One page of a keyset-paged list. */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

    /**
     * Repositories fetch {@code limit + 1} rows: the extra row only tells that another page exists.
     */
    public static <T> Page<T> of(List<T> rows, int limit, Function<T, Cursor> cursorOf) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(List.copyOf(items), cursorOf.apply(items.get(limit - 1)).encode());
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), nextCursor);
    }
}
