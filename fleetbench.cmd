@echo off
rem FleetBench launcher for Windows lab PCs: checks Java, builds on first use or after a source change (in a source
rem checkout), then runs the subcommand.
rem   fleetbench worker --join HOST:PORT --host THIS_PC_IPV4 --engine foundry
rem   fleetbench bench --engine foundry --model phi-4-mini
rem JAVA_OPTS is passed to the JVM. Requires Java 17 or newer: %JAVA_HOME%\bin\java.exe when JAVA_HOME is set,
rem else the first java on PATH (often an old Java 8 from Oracle's javapath, hence the version check).
setlocal EnableExtensions
set "HERE=%~dp0"
set "WORKER_JAR=%HERE%worker-agent\target\fleetbench-worker.jar"
set "JAR=%WORKER_JAR%"
if /I "%~1"=="coordinator" set "JAR=%HERE%coordinator\target\fleetbench-coordinator.jar"
if /I "%~1"=="campaign" set "JAR=%HERE%coordinator\target\fleetbench-coordinator.jar"
if /I "%~1"=="federate" set "JAR=%HERE%coordinator\target\fleetbench-coordinator.jar"
if /I "%~1"=="demo" set "JAR=%HERE%coordinator\target\fleetbench-coordinator.jar"
if /I "%~1"=="fleet" set "JAR=%HERE%coordinator\target\fleetbench-coordinator.jar"

rem --- which Java, and is it new enough ---
set "JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
set "JVER="
for /f "tokens=3" %%v in ('call "%JAVA%" -version 2^>^&1 ^| findstr /i /c:" version "') do if not defined JVER set "JVER=%%~v"
if not defined JVER (
  echo fleetbench: no Java found. Install Java 17 or newer, e.g. "winget install EclipseAdoptium.Temurin.17.JDK", 1>&2
  echo fleetbench: then open a new window, or set JAVA_HOME to its folder. 1>&2
  exit /b 1
)
set "JMAJOR="
set "JMAJOR_NUM=0"
for /f "delims=.-+" %%m in ("%JVER%") do set "JMAJOR=%%m"
if "%JMAJOR%"=="1" set "JMAJOR=8"
set /a JMAJOR_NUM=%JMAJOR% 2>nul
if %JMAJOR_NUM% LSS 17 (
  echo fleetbench: "%JAVA%" is Java %JVER%; FleetBench needs Java 17 or newer. 1>&2
  echo fleetbench: install it ^(winget install EclipseAdoptium.Temurin.17.JDK^) and set JAVA_HOME to its folder. 1>&2
  exit /b 1
)

rem --- build in a source checkout when a jar is missing or a source is newer than it ---
set "FB_BUILD="
if exist "%HERE%pom.xml" (
  if not exist "%JAR%" set "FB_BUILD=1"
  if not exist "%WORKER_JAR%" set "FB_BUILD=1"
  if not defined FB_BUILD call :stale "%JAR%"
  if not defined FB_BUILD call :stale "%WORKER_JAR%"
)
if defined FB_BUILD (
  echo fleetbench: building ^(first use or sources changed; this takes a minute and needs Maven Central^)... 1>&2
  pushd "%HERE%"
  call mvnw.cmd -q -B -DskipTests package 1>&2
  if errorlevel 1 ( popd & exit /b 1 )
  popd
)
if not exist "%JAR%" (
  echo fleetbench: "%JAR%" is missing and there is no source checkout here to build it from. 1>&2
  exit /b 1
)

rem --- a UTF-8 console, so the tables' dashes and signs do not print as '?' under Java 17 ---
set "OLDCP="
for /f "tokens=2 delims=:." %%c in ('chcp') do set "OLDCP=%%c"
chcp 65001 >nul
set "FLEETBENCH_WORKER_JAR=%WORKER_JAR%"
"%JAVA%" -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8 %JAVA_OPTS% -jar "%JAR%" %*
set "RC=%ERRORLEVEL%"
if defined OLDCP chcp %OLDCP% >nul
exit /b %RC%

:stale
rem sets FB_BUILD when a file of the sources (target folders excepted) is newer than the jar %1
powershell -NoProfile -NonInteractive -Command ^
  "$j = (Get-Item -LiteralPath '%~1').LastWriteTimeUtc; $h = '%HERE%'; " ^
  "$n = Get-ChildItem -LiteralPath ($h + 'pom.xml'), ($h + 'common'), ($h + 'worker-agent'), ($h + 'coordinator'), ($h + 'web-ui') -Recurse -File -ErrorAction SilentlyContinue | " ^
  "Where-Object { $_.FullName -notmatch '\\target\\' -and $_.LastWriteTimeUtc -gt $j } | Select-Object -First 1; " ^
  "if ($n) { exit 1 } else { exit 0 }"
if errorlevel 1 set "FB_BUILD=1"
exit /b 0
