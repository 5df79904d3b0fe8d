package dev.renkei.docs.build;

/** A defect in the site's sources that must fail the build, with a message naming the culprit. */
final class SiteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SiteException(String message) {
        super(message);
    }
}
