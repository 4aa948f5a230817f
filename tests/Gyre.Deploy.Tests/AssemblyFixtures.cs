using Gyre.Deploy.Tests.Infrastructure;

// One gyre server and one gyre serve for the whole assembly: starting them is the slow part.
[assembly: AssemblyFixture(typeof(LiveServers))]
