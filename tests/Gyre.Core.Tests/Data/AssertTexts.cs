namespace Gyre.Core.Tests.Data;

/// <summary>Compares nullable string sequences (xunit's span overloads reject string?).</summary>
internal static class AssertTexts
{
    public static void Equal(IEnumerable<string?> expected, IEnumerable<string?> actual) => Assert.Equal(expected, actual);
}
