import Foundation

/// Expands the paths given to `import` into files: directories are searched recursively (hidden
/// files skipped) and their regular files taken in name order, so that imports are
/// reproducible. Inside a directory, symbolic links and special files (devices, FIFOs, sockets)
/// are skipped and listed in `notRegular`: a link planted in a log folder could point at
/// `/etc/shadow` or `/dev/zero`. A path named on the command line is followed, whatever it is.
/// `-` is standard input.
enum InputFiles {
  static func expand(_ path: String, notRegular: inout [String]) throws -> [String] {
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
        !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") })
      else { continue }
      switch info.st_mode & S_IFMT {
      case S_IFREG: files.append(full)
      case S_IFDIR: break  // walked into
      default: notRegular.append(full)
      }
    }
    notRegular.sort()
    return files.sorted()
  }
}
