package dev.fleetbench.worker.hardware;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the CSV that PowerShell's {@code ConvertTo-Csv -NoTypeInformation} writes: a header row, fields in double
 * quotes with quotes doubled inside, empty fields sometimes unquoted, CRLF line ends, and a byte-order mark when the
 * console encoding is UTF-8. Enough of RFC 4180 for that, and no more. Pure.
 */
final class CsvParser {

    private CsvParser() {
    }

    /**
     * One map per data row from lower-cased header name to value; a row shorter than the header lacks the missing
     * keys. Blank lines and a leading {@code #TYPE} line (older PowerShell without -NoTypeInformation) are skipped.
     */
    static List<Map<String, String>> rows(String text) {
        List<Map<String, String>> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        List<String> header = null;
        for (String line : text.replace("\uFEFF", "").split("\\R")) {
            if (line.isBlank() || line.startsWith("#TYPE")) {
                continue;
            }
            List<String> fields = fields(line);
            if (header == null) {
                header = fields.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < fields.size(); i++) {
                row.put(header.get(i), fields.get(i));
            }
            out.add(row);
        }
        return out;
    }

    /** The fields of one line; a quoted field keeps commas, and a doubled quote inside it stands for one quote. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
