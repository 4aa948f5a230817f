using System.Runtime.CompilerServices;

// The log-batch fast reader is checked field by field against the serializer there.
[assembly: InternalsVisibleTo("Gyre.IntegrationTests")]
