import TSAModel
import TSASystem

/// The line an import prints per source, e.g.
/// `access.log: 10 412 lines · 9 870 stamps new · 0 duplicate · 312 rejected by TSA ·
/// 18 auth failures · 200 probes · 0 errors · 12 malformed`, then the first malformed lines.
public enum ImportSummaryText {
  public static func render(_ summary: SourceSummary) -> String {
    // Paths, excerpts and the values in reasons come from outside: shown escaped.
    TerminalText.escapedLines(lines(summary))
  }

  private static func lines(_ summary: SourceSummary) -> String {
    func count(_ n: Int64) -> String { PlainCount.grouped(String(n), separator: " ") }
    let plural = PlainCount.of
    var parts = [
      plural(summary.lines, summary.format == .tsr ? .file : .line),
      plural(summary.newStamps, .stamp) + " new",
      "\(count(summary.duplicates)) duplicate",
      "\(count(summary.new[.rejected, default: 0])) rejected by TSA",
      plural(summary.new[.authFailure, default: 0], .authFailure),
      plural(summary.new[.probe, default: 0], .probe),
      plural(summary.new[.error, default: 0], .error),
    ]
    parts.append("\(count(summary.malformed)) malformed")
    if summary.format == .auto {
      return summary.unfinishedBytes == 0
        ? "\(summary.path): empty, nothing to import\n"
        : "\(summary.path): no complete line yet (\(count(summary.unfinishedBytes)) bytes, no"
          + " newline): left for the next import\n"
    }
    let format = summary.detected ? "auto: \(summary.format.rawValue)" : summary.format.rawValue
    var out = "\(summary.path) [\(format)]: " + parts.joined(separator: " · ")
    if summary.lines == 0 && summary.alreadyImportedLines > 0 {
      out =
        "\(summary.path) [\(format)]: nothing new (\(plural(summary.alreadyImportedLines, .line))"
        + " imported before)"
    } else if summary.alreadyImportedLines > 0 {
      out += " (after \(plural(summary.alreadyImportedLines, .line)) imported before)"
    }
    out += "\n"
    if summary.unfinishedBytes > 0 && !summary.truncatedWhileReading {
      out +=
        "  an unfinished last line (\(count(summary.unfinishedBytes)) bytes, no newline yet)"
        + " is left for the next import\n"
    }
    if summary.endedEarly {
      out +=
        "  the gzip data ends early (cut short, or still being written): the complete lines"
        + " read were imported\n"
    }
    if summary.truncatedWhileReading {
      out +=
        "  the file was cut short while it was read (logrotate's copytruncate?): the lines read"
        + " before are imported; import its rotated copy for the rest (nothing is counted twice)\n"
    }
    if !summary.reusedSerials.isEmpty {
      let serials = summary.reusedSerials.prefix(3).joined(separator: ", ")
      out +=
        "  warning: \(PlainCount.of(Int64(summary.reusedSerials.count), .token)) with a serial"
        + " number another token of the same TSA already has (\(serials)"
        + (summary.reusedSerials.count > 3 ? ", …" : "")
        + "): counted as separate stamps, since their contents differ; RFC 3161 promises"
        + " unique serials, so tell the TSA\n"
    }
    for bad in summary.firstMalformed {
      out += "  line \(bad.line): \(bad.reason): \(bad.excerpt)\n"
    }
    if summary.notKept > 0 {
      out +=
        "  \(count(summary.notKept)) of the malformed lines counted only, not kept (empty lines, and"
        + " those past the --keep-malformed limit of a source)\n"
    }
    if summary.malformed > Int64(summary.firstMalformed.count) {
      out += "  … and \(count(summary.malformed - Int64(summary.firstMalformed.count))) more\n"
    }
    return out
  }
}
