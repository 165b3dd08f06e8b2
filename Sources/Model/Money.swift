import Foundation

/// Exact money arithmetic: `Decimal` in computation, integer minor units in the database,
/// text only in renderers. Never binary floating point.
public enum Money {
  /// Digits after the decimal point for a currency (ISO 4217 minor unit).
  public static func minorDigits(of currency: String) -> Int {
    switch currency.uppercased() {
    case "JPY", "KRW", "ISK", "CLP", "VND": 0
    default: 2
    }
  }

  /// Parses an amount typed by a person: `847`, `847.5`, `847.50`. Nil when it is not a plain
  /// non-negative decimal number or has more decimals than the currency has.
  public static func parse(_ text: String, currency: String) -> Decimal? {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count),
      parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      parts.count == 1 || parts[1].count <= minorDigits(of: currency)
    else { return nil }
    return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
  }

  /// The amount in integer minor units (847.50 CZK → 84750).
  public static func minorUnits(_ amount: Decimal, currency: String) -> Int64 {
    var scaled = amount * pow(10, minorDigits(of: currency))
    var rounded = Decimal()
    NSDecimalRound(&rounded, &scaled, 0, .plain)
    return NSDecimalNumber(decimal: rounded).int64Value
  }

  public static func fromMinorUnits(_ units: Int64, currency: String) -> Decimal {
    Decimal(units) / pow(10, minorDigits(of: currency))
  }

  /// Rounded to the currency's minor unit, half away from zero, `.` as decimal separator.
  public static func format(_ amount: Decimal, currency: String) -> String {
    let digits = minorDigits(of: currency)
    let units = NSDecimalNumber(decimal: rounded(amount, currency: currency) * pow(10, digits))
      .int64Value
    guard digits > 0 else { return String(units) }
    let sign = units < 0 ? "-" : ""
    let magnitude = String(units.magnitude)
    let padded = String(repeating: "0", count: max(0, digits + 1 - magnitude.count)) + magnitude
    return sign + padded.dropLast(digits) + "." + padded.suffix(digits)
  }
}

extension Money {
  /// An amount rounded to the currency's minor unit, half up (half away from zero).
  public static func rounded(_ amount: Decimal, currency: String) -> Decimal {
    var value = amount
    var result = Decimal()
    NSDecimalRound(&result, &value, minorDigits(of: currency), .plain)
    return result
  }
}

extension Money {
  /// An amount as `language` writes it for a person, rounded to the currency's minor unit:
  /// `1,949.31`; in Czech `1 949,31 Kč`.
  public static func written(_ amount: Decimal, currency: String, in language: Language) -> String {
    let text = PlainCount.decimal(format(amount, currency: currency), language)
    return language.pick(en: text, cs: text + " " + (currency == "CZK" ? "Kč" : currency))
  }
}
