# Signing in: server profiles, e-mail + password, the second factor, remember me, certificate
# trust, and opening a profile's cache offline.
list(APPEND QD_UI_SOURCES
    signin/profiledialog.h signin/profiledialog.cpp
    signin/signindialog.h signin/signindialog.cpp
)
