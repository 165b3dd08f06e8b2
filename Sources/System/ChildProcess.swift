import Foundation

#if canImport(Glibc)
  import Glibc
#endif

// glibc declares these only under _GNU_SOURCE, which Swift's Glibc module is not built with.
@_silgen_name("pipe2")
private func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func spawnActionsAddCloseFrom(
  _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32
) -> Int32
@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func spawnActionsAddChdir(
  _ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>
) -> Int32

/// Runs another program to its end or to a deadline: `posix_spawn`, pipes read with `poll`, and
/// a kill of the program's whole process group when the deadline passes.
///
/// Foundation's `Process.waitUntilExit` has no deadline (a mail program that hangs would hang
/// `alert` for ever) and never returns under libfaketime, which the shifted-clock test run
/// uses. The deadline here is measured on the monotonic clock.
public enum ChildProcess {
  /// How a program ended.
  public enum Termination: Equatable, Sendable {
    case exited(Int32)
    case signalled(Int32)
    /// Still running at the deadline: it and its process group were killed.
    case timedOut

    /// The shell's convention: the exit status, 128 + the signal, or 124 (as `timeout(1)`).
    public var status: Int32 {
      switch self {
      case .exited(let code): code
      case .signalled(let signal): 128 + signal
      case .timedOut: 124
      }
    }
  }

  /// What a run printed and how it ended.
  public struct Result: Sendable {
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var termination: Termination
  }

  /// Where the program's standard input comes from.
  public enum Input: Sendable {
    case bytes([UInt8])
    case file(String)
  }

  /// Why a program could not be run at all.
  public struct SpawnError: Error, Equatable, Sendable, CustomStringConvertible {
    public var program: String
    public var reason: String
    public var description: String { "cannot start \(program): \(reason)" }
  }

  /// Runs `arguments` (the program's path first) with `environment` (nil: this process's) in
  /// `directory` (nil: this one), feeding it `input`, in a process group of its own, and
  /// collects what it writes. Past `timeout` seconds the group is killed.
  public static func run(
    _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
    input: Input = .bytes([]), timeout: Double
  ) throws(SpawnError) -> Result {
    let program = arguments.first ?? ""
    // A program that exits before reading all its input must not take this process with it:
    // with SIGPIPE ignored the write fails with EPIPE instead, and the exit status tells.
    signal(SIGPIPE, SIG_IGN)
    func failure(_ code: Int32) -> SpawnError {
      SpawnError(program: program, reason: String(cString: strerror(code)))
    }
    var inPipe: [Int32] = [-1, -1]
    var outPipe: [Int32] = [-1, -1]
    var errPipe: [Int32] = [-1, -1]
    guard pipe2(&inPipe, O_CLOEXEC) == 0 else { throw failure(errno) }
    guard pipe2(&outPipe, O_CLOEXEC) == 0 else {
      closeAll(inPipe)
      throw failure(errno)
    }
    guard pipe2(&errPipe, O_CLOEXEC) == 0 else {
      closeAll(inPipe + outPipe)
      throw failure(errno)
    }
    var inputFile: Int32 = -1
    if case .file(let path) = input {
      inputFile = open(path, O_RDONLY | O_CLOEXEC)
      guard inputFile >= 0 else {
        let code = errno
        closeAll(inPipe + outPipe + errPipe)
        throw SpawnError(program: program, reason: "\(path): \(String(cString: strerror(code)))")
      }
    }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, inputFile >= 0 ? inputFile : inPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    // Nothing else of this process (the database, other programs' pipes) reaches the program.
    _ = spawnActionsAddCloseFrom(&actions, 3)
    if let directory { _ = spawnActionsAddChdir(&actions, directory) }

    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // Its own process group (so a deadline kills what it started too), the default action for
    // every signal this process may ignore (SIGPIPE above all), and no blocked signals.
    var defaults = sigset_t()
    sigfillset(&defaults)
    sigdelset(&defaults, SIGKILL)
    sigdelset(&defaults, SIGSTOP)
    var noMask = sigset_t()
    sigemptyset(&noMask)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setsigmask(&attributes, &noMask)
    posix_spawnattr_setpgroup(&attributes, 0)
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

    let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map {
      "\($0.key)=\($0.value)"
    }
    var pid: pid_t = 0
    let spawned = withCStrings(arguments) { argv in
      withCStrings(environmentLines) { envp in
        posix_spawn(&pid, program, &actions, &attributes, argv, envp)
      }
    }
    close(inPipe[0])
    close(outPipe[1])
    close(errPipe[1])
    if inputFile >= 0 { close(inputFile) }
    guard spawned == 0 else {
      closeAll([inPipe[1], outPipe[0], errPipe[0]])
      throw failure(spawned)
    }
    return collect(
      pid: pid, input: inputFile >= 0 ? [] : input.bytes, stdin: inPipe[1], stdout: outPipe[0],
      stderr: errPipe[0], deadline: monotonicSeconds() + timeout)
  }

  // MARK: - Waiting

  private static func collect(
    pid: pid_t, input: [UInt8], stdin: Int32, stdout: Int32, stderr: Int32, deadline: Double
  ) -> Result {
    var result = Result(stdout: [], stderr: [], termination: .timedOut)
    var writer: Int32 = stdin
    var written = 0
    var readers: [Int32] = [stdout, stderr]
    // A program that does not read its input must not block us: writes never wait.
    _ = fcntl(writer, F_SETFL, fcntl(writer, F_GETFL) | O_NONBLOCK)
    if input.isEmpty {
      close(writer)
      writer = -1
    }
    var buffer = [UInt8](repeating: 0, count: 65_536)
    var exit: Termination?
    // Until the program has ended and its pipes are closed (a program it left running in the
    // background may hold them: then until the deadline).
    while exit == nil || !readers.isEmpty {
      let left = deadline - monotonicSeconds()
      if left <= 0 { break }
      var fds = readers.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
      if writer >= 0 { fds.append(pollfd(fd: writer, events: Int16(POLLOUT), revents: 0)) }
      // Short slices while the program runs, to notice its end even if its pipes stay open.
      let slice = exit == nil ? min(left, 0.05) : left
      let ready = poll(&fds, nfds_t(fds.count), Int32((slice * 1000).rounded(.up)))
      if ready < 0 && errno != EINTR { break }
      for item in fds where item.revents != 0 {
        if item.fd == writer {
          let n = input[written...].withUnsafeBytes { write(writer, $0.baseAddress, $0.count) }
          if n > 0 { written += n }
          if n < 0 && errno != EAGAIN && errno != EINTR || written == input.count {
            close(writer)  // done, or the program closed its end (EPIPE): it said no
            writer = -1
          }
        } else {
          let n = read(item.fd, &buffer, buffer.count)
          if n > 0 {
            if item.fd == stdout {
              result.stdout += buffer[0..<n]
            } else {
              result.stderr += buffer[0..<n]
            }
          } else if n == 0 || errno != EINTR && errno != EAGAIN {
            close(item.fd)
            readers.removeAll { $0 == item.fd }
          }
        }
      }
      if exit == nil { exit = reap(pid, blocking: false) }
    }
    if writer >= 0 { close(writer) }
    closeAll(readers)
    if let exit, readers.isEmpty {
      result.termination = exit
    } else {
      // Past the deadline: the program and everything it started in its group.
      kill(-pid, SIGKILL)
      kill(pid, SIGKILL)
      if exit == nil { _ = reap(pid, blocking: true) }
      result.termination = .timedOut
    }
    return result
  }

  /// The program's end, once it has ended.
  private static func reap(_ pid: pid_t, blocking: Bool) -> Termination? {
    var status: Int32 = 0
    while true {
      let got = waitpid(pid, &status, blocking ? 0 : WNOHANG)
      if got == pid { break }
      if got == 0 { return nil }
      if errno == EINTR { continue }
      return .exited(-1)  // not our child any more: nothing to wait for
    }
    let signal = status & 0x7f
    return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
  }

  private static func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  }

  private static func closeAll(_ fds: [Int32]) {
    for fd in fds where fd >= 0 { close(fd) }
  }

  /// A NULL-terminated C array of strings for the duration of `body`.
  private static func withCStrings<T>(
    _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> T
  ) -> T {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
  }
}

extension ChildProcess.Input {
  fileprivate var bytes: [UInt8] {
    if case .bytes(let bytes) = self { return bytes }
    return []
  }
}
