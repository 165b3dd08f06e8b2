import TSAModel

/// A line-oriented input format.
protocol LineFormat {
  /// The record on this line; nil for a line that holds none (a CSV header).
  mutating func parse(_ line: UnsafeRawBufferPointer) -> Result<Record?, MalformedReason>
}
