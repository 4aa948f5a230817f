namespace Gyre.Core.Data;

/// <summary>The reader's passes: numbers first (in parallel), then the columns that held text.</summary>
internal enum CsvPass
{
    Numeric,
    Text,
}
