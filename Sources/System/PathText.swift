/// Paths as text, where Foundation's `NSString.deletingLastPathComponent` traps on a
/// one-character name (`--db b`, `-o r`).
public enum PathText {
  /// The folder of `path` as `deletingLastPathComponent` gives it: `""` for a bare name, `"/"`
  /// for a name in the root, trailing slashes ignored.
  public static func folder(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "" }
    var folder = trimmed[..<slash]
    while folder.hasSuffix("/") { folder = folder.dropLast() }
    return folder.isEmpty ? "/" : String(folder)
  }
}
