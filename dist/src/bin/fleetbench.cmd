@echo off
rem FleetBench launcher of the release archive for Windows: runs the jars in lib\ directly (no build, no Maven).
rem   fleetbench worker --join HOST:PORT --engine foundry
rem   fleetbench worker install-service --join HOST:PORT --engine foundry
rem   fleetbench bench --engine foundry --model phi-4-mini
rem Java: %JAVA_HOME% first, else the first java on PATH (often an old Java 8 from Oracle's javapath); 17+ needed.
setlocal EnableDelayedExpansion
set "HERE=%~dp0"
set "JAVA="
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
if not defined JAVA for /f "delims=" %%j in ('where java 2^>nul') do if not defined JAVA set "JAVA=%%j"
if not defined JAVA (
  echo fleetbench: no Java found. FleetBench needs Java 17 or newer: 1>&2
  echo   winget install Microsoft.OpenJDK.17   ^(or set JAVA_HOME to a Java 17+ installation^) 1>&2
  exit /b 1
)
set "JV="
for /f "tokens=3" %%v in ('"%JAVA%" -version 2^>^&1 ^| findstr /i "version"') do if not defined JV set "JV=%%~v"
for /f "tokens=1,2 delims=." %%a in ("%JV%") do (set "MAJOR=%%a" & set "MINOR=%%b")
if "%MAJOR%"=="1" set "MAJOR=%MINOR%"
set /a MAJORNUM=%MAJOR% 2>nul
if %MAJORNUM% LSS 17 (
  echo fleetbench: %JAVA% is Java %JV%; FleetBench needs Java 17 or newer. 1>&2
  echo   winget install Microsoft.OpenJDK.17   ^(then open a new console, or set JAVA_HOME to it^) 1>&2
  exit /b 1
)
set "JAR=%HERE%lib\fleetbench-worker.jar"
for %%c in (coordinator campaign federate demo fleet) do if /I "%~1"=="%%c" set "JAR=%HERE%lib\fleetbench-coordinator.jar"
set "FLEETBENCH_WORKER_JAR=%HERE%lib\fleetbench-worker.jar"
set "FLEETBENCH_LAUNCHER=%HERE%fleetbench.cmd"
rem Java 17 writes the console in the ANSI code page; switch the console to UTF-8 so dashes and signs print.
chcp 65001 >nul
"%JAVA%" -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8 %JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
