; LaborDesk's per-user installer for Windows, built on Linux with Debian's makensis by
; scripts/package.sh (the release workflow makes Tauri's own NSIS and MSI installers on Windows).
; Tauri's bundler cannot make its NSIS installer offline here: it downloads its NSIS plugin
; (nsis_tauri_utils.dll) from GitHub on every Linux build. This script needs no plugin.
;
; No administrator rights: it installs into %LOCALAPPDATA%\Programs\LaborDesk, adds a Start menu
; shortcut, and registers its uninstaller under HKCU. The database and its backups are not in
; the program folder, so uninstalling keeps them.
;
;   makensis -DVERSION=0.1.0 -DSRCDIR=<folder with the .exe files> -DICON=<icon.ico>
;            -DOUTFILE=<installer.exe> labordesk.nsi

; A 64-bit installer for a 64-bit program: it sees the 64-bit registry and folders as the
; program does, and Debian's wine64 runs it (scripts/package.sh installs and removes it there).
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!ifndef VERSION | SRCDIR | ICON | OUTFILE
  !error "usage: makensis -DVERSION=x.y.z -DSRCDIR=dir -DICON=icon.ico -DOUTFILE=setup.exe labordesk.nsi"
!endif

!define PRODUCT "LaborDesk"
!define PUBLISHER "LaborDesk"
!define APP_KEY "Software\${PRODUCT}"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${PRODUCT}"
; Microsoft's id of the Evergreen WebView2 runtime, under which its version is registered.
!define WEBVIEW2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
; The standalone ("offline") runtime installer an IT department hands out on a separated network.
!define WEBVIEW2_OFFLINE "MicrosoftEdgeWebView2RuntimeInstallerX64.exe"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "${APP_KEY}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1042 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=1042 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1042 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1042 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=1042 "FileDescription" "${PRODUCT} 설치 프로그램"
VIAddVersionKey /LANG=1042 "LegalCopyright" "MIT License"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\LaborDesk.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Korean"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "LaborDesk는 64비트 Windows 10/11에서 동작합니다. 이 PC에는 설치할 수 없습니다." /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

Section "LaborDesk" SecMain
  SetOutPath "$INSTDIR"
  ; A running LaborDesk holds its .exe open: overwriting would fail half way.
  ClearErrors
  FileOpen $0 "$INSTDIR\LaborDesk.exe" a
  ${IfNot} ${Errors}
    FileClose $0
  ${ElseIf} ${FileExists} "$INSTDIR\LaborDesk.exe"
    MessageBox MB_ICONSTOP "LaborDesk가 실행 중입니다. 프로그램을 닫고 다시 설치하세요." /SD IDOK
    Abort
  ${EndIf}

  File "${SRCDIR}\LaborDesk.exe"
  ; The command line under its own name: Windows file names ignore case, and labordesk.exe
  ; would overwrite LaborDesk.exe.
  File "${SRCDIR}\labordesk-cli.exe"
  ; The GNU build of the app loads WebView2 through this DLL (an MSVC build links it in).
  File "${SRCDIR}\WebView2Loader.dll"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\LaborDesk.exe"

  WriteRegStr HKCU "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\LaborDesk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1

  Call EnsureWebView2
SectionEnd

; Windows 11 and an up-to-date Windows 10 already have the WebView2 runtime. Otherwise the
; standalone installer placed beside this setup is run, per user when not elevated, with no
; internet needed; without it, the message says what to ask IT for.
Function EnsureWebView2
  SetRegView 64
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  SetRegView lastused
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_GUID}" "pv"
  ${EndIf}
  ${If} $0 != ""
  ${AndIf} $0 != "0.0.0.0"
    DetailPrint "WebView2 런타임 $0 확인"
    Return
  ${EndIf}

  ${If} ${FileExists} "$EXEDIR\${WEBVIEW2_OFFLINE}"
    DetailPrint "WebView2 런타임 설치 중 (인터넷 연결 없이)…"
    ExecWait '"$EXEDIR\${WEBVIEW2_OFFLINE}" /silent /install' $1
    ${If} $1 == 0
      DetailPrint "WebView2 런타임 설치 완료"
      Return
    ${EndIf}
    MessageBox MB_ICONEXCLAMATION "WebView2 런타임을 설치하지 못했습니다(코드 $1). 전산 담당자에게 문의하세요." /SD IDOK
  ${Else}
    MessageBox MB_ICONEXCLAMATION "이 PC에 Microsoft Edge WebView2 런타임이 없어 LaborDesk 화면이 열리지 않습니다.$\r$\n전산 담당자에게 오프라인 설치 파일 ${WEBVIEW2_OFFLINE}을 받아 이 설치 파일과 같은 폴더에 두고 다시 설치하세요." /SD IDOK
  ${EndIf}
FunctionEnd

Section "Uninstall"
  Delete "$INSTDIR\LaborDesk.exe"
  Delete "$INSTDIR\labordesk-cli.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${APP_KEY}"
SectionEnd
