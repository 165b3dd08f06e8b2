import TSAModel
import TSASystem

/// The line an import prints per source, e.g.
/// `access.log: 10 412 lines · 9 870 stamps new · 0 duplicate · 312 rejected by TSA ·
/// 18 auth failures · 200 probes · 0 errors · 12 malformed`, then the first malformed lines.
public enum ImportSummaryText {
  public static func render(_ summary: SourceSummary, in language: Language = .en) -> String {
    // Paths, excerpts and the values in reasons come from outside: shown escaped.
    TerminalText.escapedLines(lines(summary, language))
  }

  private static func lines(_ summary: SourceSummary, _ language: Language) -> String {
    func count(_ n: Int64) -> String { PlainCount.number(n, language) }
    func plural(_ n: Int64, _ noun: CountedNoun) -> String { PlainCount.of(n, noun, language) }
    func say(_ en: String, _ cs: String) -> String { language.pick(en: en, cs: cs) }
    let path = summary.path
    var parts = [
      plural(summary.lines, summary.format == .tsr ? .file : .line),
      language == .en
        ? plural(summary.newStamps, .stamp) + " new" : czechNewStamps(summary.newStamps),
      count(summary.duplicates) + say(" duplicate", " duplicitních"),
      count(summary.new[.rejected, default: 0]) + say(" rejected by TSA", " odmítnutých TSA"),
      plural(summary.new[.authFailure, default: 0], .authFailure),
      plural(summary.new[.probe, default: 0], .probe),
      plural(summary.new[.error, default: 0], .error),
    ]
    parts.append(count(summary.malformed) + say(" malformed", " vadných"))
    if summary.format == .auto {
      let bytes = PlainCount.bytes(Int(summary.unfinishedBytes), language)
      return summary.unfinishedBytes == 0
        ? say("\(path): empty, nothing to import\n", "\(path): prázdný, není co importovat\n")
        : say(
          "\(path): no complete line yet (\(bytes), no newline): left for the next import\n",
          "\(path): zatím žádný celý řádek (\(bytes), bez konce řádku): zůstává pro příští"
            + " import\n")
    }
    let format = summary.detected ? "auto: \(summary.format.rawValue)" : summary.format.rawValue
    var out = "\(path) [\(format)]: " + parts.joined(separator: " · ")
    let before = plural(summary.alreadyImportedLines, .line)
    if summary.lines == 0 && summary.alreadyImportedLines > 0 {
      out =
        "\(path) [\(format)]: "
        + say(
          "nothing new (\(before) imported before)", "nic nového (\(before) importováno dříve)")
    } else if summary.alreadyImportedLines > 0 {
      out += say(" (after \(before) imported before)", " (po \(before) importovaných dříve)")
    }
    out += "\n"
    if summary.unfinishedBytes > 0 && !summary.truncatedWhileReading {
      let bytes = PlainCount.bytes(Int(summary.unfinishedBytes), language)
      out += say(
        "  an unfinished last line (\(bytes), no newline yet) is left for the next import\n",
        "  nedokončený poslední řádek (\(bytes), zatím bez konce řádku) zůstává pro příští"
          + " import\n")
    }
    if summary.endedEarly {
      out += say(
        "  the gzip data ends early (cut short, or still being written): the complete lines"
          + " read were imported\n",
        "  data gzip končí předčasně (useknutá, nebo se ještě zapisují): přečtené celé řádky"
          + " byly importovány\n")
    }
    if summary.truncatedWhileReading {
      out += say(
        "  the file was cut short while it was read (logrotate's copytruncate?): the lines read"
          + " before are imported; import its rotated copy for the rest (nothing is counted"
          + " twice)\n",
        "  soubor byl během čtení zkrácen (copytruncate logrotate?): dříve přečtené řádky jsou"
          + " importovány; zbytek importujte z jeho otočené kopie (nic se nepočítá dvakrát)\n")
    }
    if !summary.reusedSerials.isEmpty {
      let serials =
        summary.reusedSerials.prefix(3).joined(separator: ", ")
        + (summary.reusedSerials.count > 3 ? ", …" : "")
      let tokens = plural(Int64(summary.reusedSerials.count), .token)
      out += say(
        "  warning: \(tokens) with a serial number another token of the same TSA already has"
          + " (\(serials)): counted as separate stamps, since their contents differ; RFC 3161"
          + " promises unique serials, so tell the TSA\n",
        "  varování: \(tokens) se sériovým číslem, které už má jiný token téže TSA (\(serials)):"
          + " počítají se jako samostatná razítka, protože se jejich obsah liší; RFC 3161 slibuje"
          + " jedinečná sériová čísla, oznamte to proto TSA\n")
    }
    for bad in summary.firstMalformed {
      out +=
        say("  line", "  řádek") + " \(bad.line): \(bad.reason.description(in: language))"
        + say(": ", " — ") + "\(bad.excerpt)\n"
    }
    if summary.notKept > 0 {
      out += say(
        "  \(count(summary.notKept)) of the malformed lines counted only, not kept (empty lines,"
          + " and those past the --keep-malformed limit of a source)\n",
        "  \(count(summary.notKept)) vadných řádků jen započteno, neuloženo (prázdné řádky"
          + " a ty nad limit --keep-malformed zdroje)\n")
    }
    if summary.malformed > Int64(summary.firstMalformed.count) {
      let more = count(summary.malformed - Int64(summary.firstMalformed.count))
      out += say("  … and \(more) more\n", "  … a dalších \(more)\n")
    }
    return out
  }

  /// `1 nové razítko`, `3 nová razítka`, `1 087 nových razítek`: the adjective agrees too.
  private static func czechNewStamps(_ n: Int64) -> String {
    let number = PlainCount.number(n, .cs)
    return n == 1
      ? "\(number) nové razítko"
      : (2...4).contains(n) ? "\(number) nová razítka" : "\(number) nových razítek"
  }
}
