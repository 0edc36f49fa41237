#include <unicode/ucurr.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>
#include <cstdio>
#include <string>
int main(){
  UErrorCode st=U_ZERO_ERROR;
  UEnumeration* e=ucurr_openISOCurrencies(UCURR_ALL,&st);
  const char* c; int32_t len;
  while((c=uenum_next(e,&len,&st))){
    UChar uc[4]; u_charsToUChars(c,uc,3); uc[3]=0;
    UErrorCode s2=U_ZERO_ERROR;
    int32_t d=ucurr_getDefaultFractionDigits(uc,&s2);
    int32_t num=ucurr_getNumericCode(uc);
    UErrorCode s3=U_ZERO_ERROR;
    UBool avail=ucurr_isAvailable(uc, 1735689600000.0 /*2025-01-01*/, 1735689600000.0,&s3);
    UBool isnd = 0;
    UErrorCode s4=U_ZERO_ERROR; UBool b; int32_t nl;
    const UChar* nm=ucurr_getName(uc,"en",UCURR_LONG_NAME,&b,&nl,&s4);
    std::string name; for(int i=0;i<nl;i++){ UChar ch=nm[i]; if(ch<128) name+=(char)ch; else { char buf[8]; int n=0; if(ch<0x800){buf[n++]=0xC0|(ch>>6);buf[n++]=0x80|(ch&63);} else {buf[n++]=0xE0|(ch>>12);buf[n++]=0x80|((ch>>6)&63);buf[n++]=0x80|(ch&63);} name.append(buf,n);} }
    printf("%s,%03d,%d,%d,%s\n",c,num,d,avail,name.c_str());
  }
}
