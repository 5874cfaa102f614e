package dev.fleetbench.worker.engine.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.worker.engine.openai.SseParser.Event;
import dev.fleetbench.worker.engine.openai.SseParser.Invalid;
import dev.fleetbench.worker.engine.openai.SseParser.Item;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private static List<Item> parseWhole(String text) {
        SseParser p = new SseParser();
        List<Item> out = new ArrayList<>(p.feed(text));
        out.addAll(p.finish());
        return out;
    }

    private static List<Item> parseCharByChar(String text) {
        SseParser p = new SseParser();
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            out.addAll(p.feed(text.substring(i, i + 1)));
        }
        out.addAll(p.finish());
        return out;
    }

    @Test
    void dispatchesOnBlankLinesAndStripsOneSpace() {
        assertThat(parseWhole("data: a\n\ndata:b\n\ndata:  c\n\n")).containsExactly(
                new Event("message", "a", ""), new Event("message", "b", ""), new Event("message", " c", ""));
    }

    @Test
    void joinsMultiLineDataWithNewlines() {
        assertThat(parseWhole("data: {\"a\":\ndata: 1}\n\n")).containsExactly(new Event("message", "{\"a\":\n1}", ""));
    }

    @Test
    void acceptsCrLfCrAndLfAlsoWhenSplitBetweenPieces() {
        String text = "data: one\r\n\r\ndata: two\r\rdata: three\n\n";
        List<Item> expected = List.of(new Event("message", "one", ""), new Event("message", "two", ""),
                new Event("message", "three", ""));
        assertThat(parseWhole(text)).isEqualTo(expected);
        assertThat(parseCharByChar(text)).isEqualTo(expected);
        SseParser p = new SseParser();
        assertThat(p.feed("data: x\r")).isEmpty();
        assertThat(p.feed("\n\r")).containsExactly(new Event("message", "x", ""));
        assertThat(p.feed("\n")).isEmpty();
    }

    @Test
    void ignoresCommentsAndEventsWithoutData() {
        assertThat(parseWhole(": keep-alive\n\nevent: ping\n\n: x\ndata: y\n\n")).containsExactly(
                new Event("message", "y", ""));
    }

    @Test
    void keepsEventTypeAndIdAndResetsTypeAfterDispatch() {
        assertThat(parseWhole("event: error\nid: 7\ndata: boom\n\ndata: next\n\n")).containsExactly(
                new Event("error", "boom", "7"), new Event("message", "next", "7"));
    }

    @Test
    void recognisesDoneSentinel() {
        List<Item> items = parseWhole("data: [DONE]\n\n");
        assertThat(items).hasSize(1);
        assertThat(((Event) items.get(0)).isDone()).isTrue();
        assertThat(new Event("message", "[DONE] ", "").isDone()).isTrue();
        assertThat(new Event("message", "{\"x\":\"[DONE]\"}", "").isDone()).isFalse();
    }

    @Test
    void finishDispatchesAnUnterminatedLastEvent() {
        SseParser p = new SseParser();
        assertThat(p.feed("data: [DONE]")).isEmpty();
        assertThat(p.finish()).containsExactly(new Event("message", "[DONE]", ""));
        assertThat(p.finish()).isEmpty();
    }

    @Test
    void dropsLeadingByteOrderMark() {
        assertThat(parseWhole("\uFEFFdata: a\n\n")).containsExactly(new Event("message", "a", ""));
    }

    @Test
    void reportsLinesThatAreNotEventStreamFields() {
        List<Item> items = parseWhole("{\"id\":\"chatcmpl-1\",\"choices\":[]}\n\n");
        assertThat(items).hasSize(1).first().isInstanceOf(Invalid.class);
        assertThat(((Invalid) items.get(0)).reason()).contains("not a server-sent-event field");
        assertThat(parseWhole("retry: 1000\ndata: a\n\n")).containsExactly(new Event("message", "a", ""));
    }

    @Test
    void reportsOverlongLinesOnceAndRecovers() {
        SseParser p = new SseParser(16);
        List<Item> items = new ArrayList<>(p.feed("data: " + "x".repeat(40) + "\n\ndata: ok\n\n"));
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).isInstanceOf(Invalid.class);
        assertThat(items.get(1)).isEqualTo(new Event("message", "ok", ""));
    }
}
