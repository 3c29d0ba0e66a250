using Tangle.Testing;

// One server for the whole assembly: every test registers its own users and rooms, so tests share
// nothing but the process. Restart tests start servers of their own.
[assembly: AssemblyFixture(typeof(ServerFixture))]
