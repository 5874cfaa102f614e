package dev.fleetbench.common.quality.python;

import java.util.ArrayDeque;
import java.util.Deque;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;

/**
 * Turns the lexer's physical line ends into Python's logical lines: NEWLINE only at the end of a logical line (not
 * inside brackets, not for blank or comment-only lines), INDENT when a line is indented deeper than the one before,
 * one DEDENT per level it returns to, and an error token when it returns to a level that was never opened (Python's
 * "unindent does not match any outer indentation level"). Tabs advance to the next multiple of 8, as in CPython.
 */
final class PythonTokens implements TokenSource {

    private final PythonLexer lexer;
    private final Deque<Token> pending = new ArrayDeque<>();
    private final Deque<Integer> indents = new ArrayDeque<>();
    private int depth;
    private boolean atLineStart = true;
    private boolean finished;

    PythonTokens(PythonLexer lexer) {
        this.lexer = lexer;
        indents.push(0);
    }

    @Override
    public Token nextToken() {
        while (pending.isEmpty()) {
            fill();
        }
        return pending.poll();
    }

    private void fill() {
        if (finished) {
            pending.add(synthetic(Token.EOF, "<EOF>", null));
            return;
        }
        Token t = lexer.nextToken();
        if (t.getType() == PythonLexer.NEWLINE) {
            if (depth > 0) {
                return; // implicit line joining inside brackets
            }
            Token last = t;
            Token next = lexer.nextToken();
            while (next.getType() == PythonLexer.NEWLINE) {
                last = next;
                next = lexer.nextToken();
            }
            if (!atLineStart) {
                pending.add(synthetic(PythonLexer.NEWLINE, "\\n", t));
                atLineStart = true;
            }
            if (next.getType() != Token.EOF) {
                indent(width(last.getText()), next);
            }
            t = next;
        }
        if (t.getType() == Token.EOF) {
            if (!atLineStart) {
                pending.add(synthetic(PythonLexer.NEWLINE, "\\n", t));
            }
            while (indents.peek() > 0) {
                indents.pop();
                pending.add(synthetic(PythonParser.DEDENT, "<dedent>", t));
            }
            pending.add(t);
            finished = true;
            return;
        }
        String text = t.getText();
        if (text.equals("(") || text.equals("[") || text.equals("{")) {
            depth++;
        } else if ((text.equals(")") || text.equals("]") || text.equals("}")) && depth > 0) {
            depth--;
        }
        pending.add(t);
        atLineStart = false;
    }

    private void indent(int width, Token at) {
        if (width > indents.peek()) {
            indents.push(width);
            pending.add(synthetic(PythonParser.INDENT, "<indent>", at));
            return;
        }
        while (width < indents.peek()) {
            indents.pop();
            pending.add(synthetic(PythonParser.DEDENT, "<dedent>", at));
        }
        if (width != indents.peek()) {
            pending.add(synthetic(PythonLexer.ERROR_CHAR, "<unindent does not match any outer indentation level>", at));
        }
    }

    /** Columns of the indentation after the line end in a NEWLINE token. */
    private static int width(String newline) {
        int w = 0;
        for (int i = 0; i < newline.length(); i++) {
            char c = newline.charAt(i);
            if (c == ' ') {
                w++;
            } else if (c == '\t') {
                w = (w / 8 + 1) * 8;
            } else if (c == '\n' || c == '\r' || c == '\f') {
                w = 0;
            }
        }
        return w;
    }

    private Token synthetic(int type, String text, Token at) {
        int index = at == null ? lexer.getInputStream().index() : at.getStartIndex();
        CommonToken t = new CommonToken(new Pair<>(this, lexer.getInputStream()), type, Token.DEFAULT_CHANNEL,
                index, index - 1);
        t.setText(text);
        t.setLine(at == null ? lexer.getLine() : at.getLine());
        t.setCharPositionInLine(at == null ? lexer.getCharPositionInLine() : at.getCharPositionInLine());
        return t;
    }

    @Override
    public int getLine() {
        return lexer.getLine();
    }

    @Override
    public int getCharPositionInLine() {
        return lexer.getCharPositionInLine();
    }

    @Override
    public CharStream getInputStream() {
        return lexer.getInputStream();
    }

    @Override
    public String getSourceName() {
        return lexer.getSourceName();
    }

    @Override
    public void setTokenFactory(TokenFactory<?> factory) {
        lexer.setTokenFactory(factory);
    }

    @Override
    public TokenFactory<?> getTokenFactory() {
        return lexer.getTokenFactory();
    }
}
