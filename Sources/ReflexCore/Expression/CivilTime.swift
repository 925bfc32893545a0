/// Calendar arithmetic on the proleptic Gregorian calendar, from milliseconds since the Unix epoch.
package enum CivilTime {
    static let millisecondsPerDay: Int64 = 86_400_000

    /// The weekday names, Monday first, as `weekday` reads them.
    static let weekdayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// `a / b` rounded toward negative infinity (b > 0).
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && a < 0) ? q - 1 : q
    }

    /// `a mod b` in `0..<b` (b > 0).
    static func floorModulo(_ a: Int64, _ b: Int64) -> Int64 {
        let r = a % b
        return r < 0 ? r + b : r
    }

    /// Local milliseconds: the instant shifted by the zone offset (seconds), saturating at the extremes.
    static func local(_ instant: Int64, utcOffset: Int) -> Int64 {
        instant.addingReportingOverflow(Int64(utcOffset) * 1000).overflow
            ? (utcOffset > 0 ? Int64.max : Int64.min) : instant + Int64(utcOffset) * 1000
    }

    /// Milliseconds since local midnight.
    static func timeOfDay(local: Int64) -> Int64 {
        floorModulo(local, millisecondsPerDay)
    }

    /// 0 for Monday through 6 for Sunday (1970-01-01 was a Thursday).
    static func weekday(local: Int64) -> Int {
        Int(floorModulo(floorDivide(local, millisecondsPerDay) + 3, 7))
    }

    /// The calendar date of a day number (days since 1970-01-01).
    ///
    /// Counts in 400-year eras of 146,097 days starting on March 1, so that the leap day ends each year.
    static func date(days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468  // days from 0000-03-01 to 1970-01-01
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097  // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365  // 0...399
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // 0...365, from March 1
        let monthFromMarch = (5 * dayOfYear + 2) / 153  // 0...11
        let day = Int(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1)
        let month = Int(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
