using System.Runtime.CompilerServices;

// The monitoring tests drive the real command tree in-process.
[assembly: InternalsVisibleTo("Gyre.Monitoring.Tests")]
