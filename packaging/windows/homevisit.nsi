; Windows installer of Homevisit (家访通): per-user, no administrator rights.
;
;   makensis /DDIST=<bundle folder> /DBUILD=<build dir> /DOUTFILE=<setup.exe> homevisit.nsi
;
; DIST is PyInstaller's one-folder app (homevisit.exe, homevisit-gui.exe, _internal\);
; BUILD holds version.nsh and homevisit.ico, written by packaging/prepare.py from pyproject's
; version. Optional code signing: /DSIGN="signtool sign /fd sha256 /f cert.pfx /p …
; /tr http://timestamp.example /td sha256" signs the installer and the uninstaller (see
; packaging/README.md).
;
; Silent install for county IT:      Homevisit-<version>-setup.exe /S
; Silent uninstall (data kept):      "%LOCALAPPDATA%\Programs\Homevisit\uninstall.exe" /S
; Silent uninstall deleting data:    … uninstall.exe /S /PURGE
; User data (profiles: encrypted stores, vault, settings) lives in %LOCALAPPDATA%\homevisit,
; outside the install folder, so an upgrade or an uninstall never touches it unless asked.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef DIST
  !error "DIST (the PyInstaller bundle folder) must be defined"
!endif
!ifndef BUILD
  !error "BUILD (packaging/prepare.py's output folder) must be defined"
!endif
!include "${BUILD}\version.nsh"
!ifndef OUTFILE
  !define OUTFILE "Homevisit-${HV_VERSION}-setup.exe"
!endif

!define APP_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Homevisit"
!define DATA_DIR "$LOCALAPPDATA\homevisit"

!ifdef SIGN
  !finalize '${SIGN} "%1"'
  !uninstfinalize '${SIGN} "%1"'
!endif

Name "家访通 Homevisit ${HV_VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Homevisit"
; An upgrade goes where the last version was installed.
InstallDirRegKey HKCU "${APP_KEY}" "InstallLocation"
BrandingText "家访通 Homevisit ${HV_VERSION}"

VIProductVersion "${HV_VERSION4}"
VIFileVersion "${HV_VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "家访通 Homevisit"
VIAddVersionKey /LANG=0 "FileDescription" "家访通 Homevisit 安装程序 (installer)"
VIAddVersionKey /LANG=0 "CompanyName" "Homevisit"
VIAddVersionKey /LANG=0 "FileVersion" "${HV_VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${HV_VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "Homevisit"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!define MUI_ICON "${BUILD}\homevisit.ico"
!define MUI_UNICON "${BUILD}\homevisit.ico"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\homevisit-gui.exe"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString KeepDataQuestion ${LANG_SIMPCHINESE} "是否同时删除本机的家访通数据（所有档案、未同步的家访记录和照片）？$\r$\n$\r$\n选择“否”将保留数据，重新安装后可以继续使用。删除后无法恢复，尚未同步到服务器的记录会永久丢失。"
LangString KeepDataQuestion ${LANG_ENGLISH} "Also delete Homevisit's data on this computer (every profile, unsynced visits and photos)?$\r$\n$\r$\nChoose No to keep it: a reinstalled Homevisit picks it up again. Deleted data cannot be recovered; records not yet synced to the server are lost for good."
LangString AppRunning ${LANG_SIMPCHINESE} "家访通正在运行。请先保存并关闭家访通，然后点击“重试”。"
LangString AppRunning ${LANG_ENGLISH} "Homevisit is running. Save your work and close it, then click Retry."

; Files of a running app cannot be replaced: ask to close it rather than leave a half-upgraded
; folder. (Renaming the folder fails while any of its files is open.) Silent: give up.
Function MoveOldProgramFiles
  ${If} ${FileExists} "$INSTDIR\_internal\*.*"
    ${Do}
      ClearErrors
      Rename "$INSTDIR\_internal" "$INSTDIR\_internal.old"
      ${IfNot} ${Errors}
        ${Break}
      ${EndIf}
      ${IfNot} ${Cmd} `MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(AppRunning)" /SD IDCANCEL IDRETRY`
        Abort
      ${EndIf}
    ${Loop}
    RMDir /r "$INSTDIR\_internal.old"
  ${EndIf}
FunctionEnd

Section "Homevisit" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; Upgrade: the old version's program files go first (a file dropped from the new bundle
  ; must not linger); the profiles in ${DATA_DIR} are not here and stay. Each store is
  ; migrated at its next unlock, after the backup the store takes before any migration.
  Call MoveOldProgramFiles
  Delete "$INSTDIR\homevisit.exe"
  Delete "$INSTDIR\homevisit-gui.exe"
  File /r "${DIST}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\家访通 Homevisit.lnk" "$INSTDIR\homevisit-gui.exe" "" \
    "$INSTDIR\homevisit-gui.exe" 0 SW_SHOWNORMAL "" "家访通：学生资助离线家访 / Homevisit"

  WriteRegStr HKCU "${APP_KEY}" "DisplayName" "家访通 Homevisit"
  WriteRegStr HKCU "${APP_KEY}" "DisplayVersion" "${HV_VERSION}"
  WriteRegStr HKCU "${APP_KEY}" "Publisher" "Homevisit"
  WriteRegStr HKCU "${APP_KEY}" "DisplayIcon" "$INSTDIR\homevisit-gui.exe"
  WriteRegStr HKCU "${APP_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${APP_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${APP_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${APP_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${APP_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${APP_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\家访通 Homevisit.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\homevisit.exe"
  Delete "$INSTDIR\homevisit-gui.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${APP_KEY}"

  ; User data stays unless asked: /PURGE when silent, a question (default No) otherwise.
  ${GetParameters} $R0
  StrCpy $R2 "keep"
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    StrCpy $R2 "purge"
  ${ElseIfNot} ${Silent}
    ${If} ${Cmd} `MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(KeepDataQuestion)" /SD IDNO IDYES`
      StrCpy $R2 "purge"
    ${EndIf}
  ${EndIf}
  ${If} $R2 == "purge"
    RMDir /r "${DATA_DIR}"
  ${EndIf}
SectionEnd
