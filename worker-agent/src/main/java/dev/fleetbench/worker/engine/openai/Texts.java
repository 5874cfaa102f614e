package dev.fleetbench.worker.engine.openai;

/** Foreign text in messages for people: cut to a readable length, marked where it was cut. */
final class Texts {

    /** How much of a foreign payload a message quotes. */
    static final int EXCERPT_CHARS = 200;

    private Texts() {
    }

    static String cut(CharSequence s, int max) {
        return s.length() <= max ? s.toString() : s.subSequence(0, max) + "…";
    }

    static String excerpt(CharSequence s) {
        return cut(s, EXCERPT_CHARS);
    }
}
