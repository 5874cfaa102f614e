package dev.fleetbench.common.quality.python;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/**
 * Parses Python 3 source with the grammar in {@code Python.g4} and tells what a static check needs: whether it
 * parses (with Python's own compile-time rules on parameter lists added), the functions it defines with their
 * parameters, and its tokens. The code is never run. Thread-safe: every call builds its own lexer and parser.
 */
public final class PythonSyntax {

    private PythonSyntax() {
    }

    /**
     * A function definition.
     *
     * @param name        its name
     * @param line        1-based line of its {@code def}
     * @param method      true when it is defined directly in a class body (its first parameter is the instance)
     * @param required    positional parameters without a default (before any '*')
     * @param positional  all positional parameters (before any '*')
     * @param varargs     true when it takes {@code *args}
     * @param requiredKeywordOnly keyword-only parameters without a default
     */
    public record Function(String name, int line, boolean method, int required, int positional, boolean varargs,
                           int requiredKeywordOnly) {

        /** True when a call with exactly {@code n} positional arguments fits (not counting a method's self). */
        public boolean acceptsPositional(int n) {
            int self = method ? 1 : 0;
            return requiredKeywordOnly == 0 && required - self <= n && (varargs || n <= positional - self);
        }
    }

    /**
     * The outcome of a parse.
     *
     * @param error     null when the source parses; else the first syntax error with its line
     * @param functions the functions defined anywhere in the source, in order
     * @param tokens    the texts of its tokens (names, keywords, operators, literals)
     */
    public record Parsed(String error, List<Function> functions, Set<String> tokens) {

        public boolean ok() {
            return error == null;
        }
    }

    /** Parses {@code source}; never throws for bad input, the error is in the result. */
    public static Parsed parse(String source) {
        List<String> errors = new ArrayList<>();
        BaseErrorListener collect = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String msg,
                                    RecognitionException e) {
                if (errors.isEmpty()) {
                    errors.add("line " + line + ": " + msg);
                }
            }
        };
        PythonLexer lexer = new PythonLexer(CharStreams.fromString(source));
        lexer.removeErrorListeners();
        lexer.addErrorListener(collect);
        CommonTokenStream stream = new CommonTokenStream(new PythonTokens(lexer));
        PythonParser parser = new PythonParser(stream);
        parser.removeErrorListeners();
        parser.addErrorListener(collect);
        PythonParser.File_inputContext tree = parser.file_input();
        Set<String> tokens = new LinkedHashSet<>();
        for (Token t : stream.getTokens()) {
            if (t.getType() != Token.EOF && t.getType() != PythonLexer.NEWLINE && t.getType() != PythonParser.INDENT
                    && t.getType() != PythonParser.DEDENT) {
                tokens.add(t.getText());
            }
        }
        if (!errors.isEmpty()) {
            return new Parsed(errors.get(0), List.of(), tokens);
        }
        Functions found = new Functions();
        found.visit(tree);
        return new Parsed(found.errors.isEmpty() ? null : found.errors.get(0), List.copyOf(found.functions), tokens);
    }

    /** Collects function definitions and applies the parameter-list rules the grammar leaves loose. */
    private static final class Functions extends PythonBaseVisitor<Void> {
        final List<Function> functions = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        @Override
        public Void visitFuncdef(PythonParser.FuncdefContext ctx) {
            boolean method = ctx.getParent() != null && inClassBody(ctx);
            functions.add(signature(ctx, method));
            return visitChildren(ctx);
        }

        private static boolean inClassBody(PythonParser.FuncdefContext ctx) {
            // funcdef ← compound_stmt ← stmt ← block ← classdef (possibly via decorated / async_stmt)
            for (var p = ctx.getParent(); p != null; p = p.getParent()) {
                if (p instanceof PythonParser.ClassdefContext) {
                    return true;
                }
                if (p instanceof PythonParser.FuncdefContext) {
                    return false;
                }
            }
            return false;
        }

        private Function signature(PythonParser.FuncdefContext ctx, boolean method) {
            String name = ctx.NAME().getText();
            int line = ctx.getStart().getLine();
            int required = 0;
            int positional = 0;
            int requiredKw = 0;
            boolean varargs = false;
            boolean star = false;
            boolean slash = false;
            boolean kwargs = false;
            boolean defaults = false;
            boolean namedAfterStar = false;
            Set<String> names = new HashSet<>();
            List<PythonParser.ParameterContext> params = ctx.parameters() == null ? List.of() : ctx.parameters().parameter();
            for (PythonParser.ParameterContext p : params) {
                String where = "line " + p.getStart().getLine() + ": ";
                if (kwargs) {
                    errors.add(where + "parameter after **" + " in '" + name + "'");
                }
                if (p instanceof PythonParser.PositionalOnlyMarkerContext) {
                    if (slash || star || positional == 0) {
                        errors.add(where + "misplaced '/' in '" + name + "'");
                    }
                    slash = true;
                } else if (p instanceof PythonParser.StarParameterContext s) {
                    if (star) {
                        errors.add(where + "'*' given twice in '" + name + "'");
                    }
                    star = true;
                    if (s.NAME() != null) {
                        varargs = true;
                        unique(names, s.NAME().getText(), where, name);
                    }
                } else if (p instanceof PythonParser.KwargsParameterContext k) {
                    kwargs = true;
                    unique(names, k.NAME().getText(), where, name);
                } else if (p instanceof PythonParser.NamedParameterContext n) {
                    unique(names, n.NAME().getText(), where, name);
                    boolean hasDefault = n.getChildCount() > 1 && n.getChild(n.getChildCount() - 2).getText().equals("=");
                    if (star) {
                        namedAfterStar = true;
                        requiredKw += hasDefault ? 0 : 1;
                    } else {
                        positional++;
                        if (hasDefault) {
                            defaults = true;
                        } else if (defaults) {
                            errors.add(where + "parameter without a default follows one with a default in '" + name + "'");
                        } else {
                            required++;
                        }
                    }
                }
            }
            if (star && !varargs && !namedAfterStar) {
                errors.add("line " + line + ": named parameters must follow bare '*' in '" + name + "'");
            }
            return new Function(name, line, method, required, positional, varargs, requiredKw);
        }

        private void unique(Set<String> names, String param, String where, String function) {
            if (!names.add(param)) {
                errors.add(where + "duplicate parameter '" + param + "' in '" + function + "'");
            }
        }
    }
}
