import Foundation

/// Expands the paths given to `import` into files: directories are searched recursively (hidden
/// files skipped, symbolic links to directories not followed, so a link loop cannot trap the
/// walk) and their files taken in name order, so that imports are reproducible. `-` is
/// standard input.
enum InputFiles {
  static func expand(_ path: String) throws -> [String] {
    if path == "-" { return [path] }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ImportError.inputNotFound(path: path)
    }
    guard isDirectory.boolValue else { return [path] }
    guard let walker = FileManager.default.enumerator(atPath: path) else {
      throw ImportError.unreadable(path: path, reason: "cannot list the directory")
    }
    var files: [String] = []
    while let relative = walker.nextObject() as? String {
      let full = (path as NSString).appendingPathComponent(relative)
      var info = stat()
      guard lstat(full, &info) == 0,
        (info.st_mode & S_IFMT) == S_IFREG || (info.st_mode & S_IFMT) == S_IFLNK,
        !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") })
      else { continue }
      var nested: ObjCBool = false
      if FileManager.default.fileExists(atPath: full, isDirectory: &nested), !nested.boolValue {
        files.append(full)
      }
    }
    return files.sorted()
  }
}
