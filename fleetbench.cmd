@echo off
rem FleetBench launcher for Windows lab PCs: builds what is missing on first use, then runs the subcommand.
rem   fleetbench worker --join HOST:PORT --engine foundry
rem   fleetbench bench --engine foundry --model phi-4-mini
setlocal
set "HERE=%~dp0"
set "JAR=%HERE%worker-agent\target\fleetbench-worker.jar"
if /I "%~1"=="coordinator" set "JAR=%HERE%coordinator\target\fleetbench-coordinator.jar"
if /I "%~1"=="campaign" set "JAR=%HERE%coordinator\target\fleetbench-coordinator.jar"
if /I "%~1"=="federate" set "JAR=%HERE%coordinator\target\fleetbench-coordinator.jar"
if /I "%~1"=="demo" set "JAR=%HERE%coordinator\target\fleetbench-coordinator.jar"
set "FLEETBENCH_WORKER_JAR=%HERE%worker-agent\target\fleetbench-worker.jar"
if not exist "%JAR%" (
  echo fleetbench: building on first use, this takes a minute... 1>&2
  pushd "%HERE%"
  call mvnw.cmd -q -B -DskipTests package 1>&2
  if errorlevel 1 ( popd & exit /b 1 )
  popd
)
java %JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
