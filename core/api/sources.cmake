# The console's REST client: requests and errors, the signed-in session, server profiles and
# the keychain that holds refresh tokens.
list(APPEND QD_CORE_SOURCES
    api/apilog.h api/apilog.cpp
    api/apierror.h api/apierror.cpp
    api/apirequest.h
    api/apiauthenticator.h
    api/apireply.h api/apireply.cpp
    api/apiclient.h api/apiclient.cpp
    api/tlspolicy.h api/tlspolicy.cpp
    api/authsession.h api/authsession.cpp
    api/serverprofiles.h api/serverprofiles.cpp
    api/credentialstore.h api/credentialstore.cpp)
