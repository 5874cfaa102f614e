package dev.fleetbench.common.quality.python;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The generated Python parser on the code models write: what parses, what does not, and what it finds. */
class PythonSyntaxTest {

    private static PythonSyntax.Parsed ok(String code) {
        PythonSyntax.Parsed p = PythonSyntax.parse(code);
        assertThat(p.error()).as(code).isNull();
        return p;
    }

    private static String error(String code) {
        PythonSyntax.Parsed p = PythonSyntax.parse(code);
        assertThat(p.ok()).as("should not parse:\n" + code).isFalse();
        return p.error();
    }

    @Test
    void typicalAnswersParse() {
        ok("def add(a, b):\n    return a + b\n");
        ok("def add(a, b):\n    return a + b"); // no final line end
        ok("""
                import re
                from collections import Counter, defaultdict
                from . import sibling


                @functools.lru_cache(maxsize=None)
                def fib(n: int) -> int:
                    \"\"\"Return the n-th Fibonacci number.

                    Uses recursion.\"\"\"
                    if n < 2:  # base case
                        return n
                    return fib(n - 1) + fib(n - 2)


                class Stack:
                    def __init__(self, items=None, *args, key=lambda x: x, **kwargs):
                        self.items = list(items or [])

                    async def pop(self, /, index=-1):
                        async with self.lock:
                            return await self.items.pop(index)


                def words(text):
                    counts = {w.lower(): len(w) for w in re.split(r"\\s+", text) if w}
                    pairs = [(k, v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
                    total = sum(v for _, v in pairs)
                    first, *rest = pairs or [(None, 0)]
                    while (n := len(rest)) > 3:
                        rest = rest[1:n:2]
                    try:
                        x = 1 / total
                    except (ZeroDivisionError, ValueError) as e:
                        raise RuntimeError(f"no words in {text!r}") from e
                    else:
                        pass
                    finally:
                        del counts
                    return {**dict(pairs), "total": total, 'ratio': x if x else 0.5e-3, "flags": 0x1F | 0b10}
                """);
        ok("x = [1,\n     2,\n  3]\ny = (x\n  + 1) if x else \\\n    None\n");
        ok("def f():\n\tif True:\n\t\treturn 1\n\treturn 2\n");
        ok("def f():\n    pass\n\n    # a comment at another indentation\n\ndef g(): return 1\n");
        ok("print('hello'); print(\"world\")\n");
        ok("");
    }

    @Test
    void brokenCodeDoesNotParseAndSaysWhere() {
        assertThat(error("def add(a, b)\n    return a + b\n")).startsWith("line 1:");
        error("def add(a, b):\nreturn a + b\n");          // body not indented
        error("def f():\n        x = 1\n    y = 2\n");      // dedent to a level never opened
        error("print 'hello'\n");                          // Python 2
        error("def f(a, b):\n    return a +\n");
        error("def f(x):\n    return x ? 1 : 0\n");          // C, not Python
        error("for i in range(10) {\n    print(i)\n}\n");
        error("def f(:\n    pass\n");
        error("x = (1, 2\n");
        error("s = 'unterminated\n");
        assertThat(error("def f(a=1, b):\n    pass\n")).contains("without a default follows");
        assertThat(error("def f(a, a):\n    pass\n")).contains("duplicate parameter 'a'");
        assertThat(error("def f(**k, a):\n    pass\n")).contains("after **");
        assertThat(error("def f(a, *):\n    pass\n")).contains("must follow bare '*'");
    }

    @Test
    void functionsAndArity() {
        PythonSyntax.Parsed p = ok("""
                def one(a): pass
                def two_with_default(a, b, c=3): pass
                def var(*args): pass
                def kwonly(a, *, key): pass
                class C:
                    def method(self, x): pass
                    def inner(self):
                        def nested(y, z): pass
                """);
        assertThat(p.functions()).extracting(PythonSyntax.Function::name)
                .containsExactly("one", "two_with_default", "var", "kwonly", "method", "inner", "nested");
        PythonSyntax.Function one = p.functions().get(0);
        assertThat(one.acceptsPositional(1)).isTrue();
        assertThat(one.acceptsPositional(2)).isFalse();
        assertThat(p.functions().get(1).acceptsPositional(2)).isTrue();
        assertThat(p.functions().get(1).acceptsPositional(3)).isTrue();
        assertThat(p.functions().get(1).acceptsPositional(1)).isFalse();
        assertThat(p.functions().get(2).acceptsPositional(5)).isTrue();
        assertThat(p.functions().get(3).acceptsPositional(1)).isFalse(); // key is required by keyword
        assertThat(p.functions().get(4).method()).isTrue();
        assertThat(p.functions().get(4).acceptsPositional(1)).isTrue();
        assertThat(p.functions().get(6).method()).isFalse();
        assertThat(p.functions().get(6).acceptsPositional(2)).isTrue();
    }

    @Test
    void tokensAreTheCodesWordsAndOperators() {
        PythonSyntax.Parsed p = ok("def fizz(n):\n    return 'Fizz' if n % 3 == 0 else str(n)  # modulo\n");
        assertThat(p.tokens()).contains("def", "return", "%", "==", "str", "'Fizz'").doesNotContain("modulo");
    }

    @Test
    void aHugeInputIsParsedQuickly() {
        String body = "    x = x + 1\n".repeat(3000);
        long start = System.nanoTime();
        ok("def f(x):\n" + body + "    return x\n");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10.0);
    }
}
